package dev.renkei.conformance.spec;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates every recorded exchange against the contract with swagger-request-validator and keeps
 * a table operation × status → exercised, conformant.
 *
 * <p>An exchange made inside {@link #badRequest} is a request the test sends broken on purpose
 * (no credentials, a malformed body, a value out of range...): only its response is validated,
 * since the request is expected to break the contract. Every other exchange has its request and
 * its response validated.
 */
public final class ContractConformance implements Consumer<RecordingHttpClient.Exchange> {

    /** One documented operation of the contract. */
    public record Op(String id, String method, String template, Pattern pattern, int templateParams,
                     List<String> documentedStatuses) {
    }

    /** One validated exchange; {@code path} includes the query string. */
    public record Checked(String operationId, String method, String path, int status, boolean requestValidated,
                          List<String> problems) {

        public boolean conformant() {
            return problems.isEmpty();
        }
    }

    private static final ObjectMapper PROBLEM_READER = new ObjectMapper();

    private final String specLocation;
    private final OpenApiInteractionValidator validator;
    private final List<Op> operations;
    private final List<Checked> checked = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<String> badRequestReason = new ThreadLocal<>();

    private ContractConformance(String specLocation, OpenAPI api, ValidationErrorsWhitelist whitelist) {
        this.specLocation = specLocation;
        this.validator = OpenApiInteractionValidator.createFor(api).withWhitelist(whitelist).build();
        this.operations = operationsOf(api);
    }

    /**
     * Loads the contract from a file path or URL. swagger-parser resolves the relative
     * {@code $ref}s (./common.yaml) against that location, with the options the validator itself
     * uses when handed a location (resolve, resolve fully, combinators kept).
     *
     * <p>One adjustment, which only tightens validation: swagger-request-validator 2.46.1 checks
     * security only from an operation's own {@code security} and ignores the document's root
     * {@code security} (its SecurityValidator reads {@code Operation.getSecurity()} alone). OpenAPI
     * says the root requirement applies to every operation that declares none, so it is copied
     * onto those operations; operations with their own (sign-in's {@code security: []}, pickup's
     * session-only requirement) keep theirs.
     */
    public static ContractConformance load(String specLocation, ValidationErrorsWhitelist whitelist) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        SwaggerParseResult parsed = new OpenAPIParser().readLocation(specLocation, null, options);
        if (parsed.getOpenAPI() == null || (parsed.getMessages() != null && !parsed.getMessages().isEmpty())) {
            throw new IllegalStateException("The contract at " + specLocation + " does not load cleanly: "
                    + parsed.getMessages());
        }
        OpenAPI api = parsed.getOpenAPI();
        if (api.getSecurity() != null) {
            api.getPaths().values().forEach(item -> item.readOperations().stream()
                    .filter(operation -> operation.getSecurity() == null)
                    .forEach(operation -> operation.setSecurity(api.getSecurity())));
        }
        forbidUndocumentedMembers(api);
        return new ContractConformance(specLocation, api, whitelist);
    }

    /**
     * Strict members: an object that declares its properties and says nothing about
     * {@code additionalProperties} is validated as if it said {@code false}. Plain OpenAPI allows
     * extra members there, but in a contract-first API a member the contract does not name is
     * drift: generated clients drop it and the docs never show it. Objects that opt in to extra
     * members ({@code additionalProperties: true}, such as an audit event's {@code details}) keep
     * them. This only tightens validation; the contract has no allOf/oneOf/anyOf, with which it
     * would be wrong.
     */
    private static void forbidUndocumentedMembers(OpenAPI api) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                operation.getRequestBody().getContent().values().forEach(media -> forbidUndocumentedMembers(media.getSchema(), seen));
            }
            if (operation.getResponses() != null) {
                operation.getResponses().values().stream().filter(r -> r.getContent() != null)
                        .forEach(r -> r.getContent().values().forEach(media -> forbidUndocumentedMembers(media.getSchema(), seen)));
            }
        }));
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(schema -> forbidUndocumentedMembers(schema, seen));
        }
    }

    private static void forbidUndocumentedMembers(Schema<?> schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (schema.getAllOf() != null || schema.getOneOf() != null || schema.getAnyOf() != null) {
            throw new IllegalStateException("Strict members cannot be applied to composed schemas; revisit forbidUndocumentedMembers");
        }
        if (schema.getProperties() != null) {
            if (schema.getAdditionalProperties() == null) {
                schema.setAdditionalProperties(Boolean.FALSE);
            }
            schema.getProperties().values().forEach(property -> forbidUndocumentedMembers(property, seen));
        }
        forbidUndocumentedMembers(schema.getItems(), seen);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            forbidUndocumentedMembers(values, seen);
        }
    }

    public String specLocation() {
        return specLocation;
    }

    public List<Op> operations() {
        return operations;
    }

    /** Runs {@code call}, whose request is broken on purpose: its exchanges get response validation only. */
    public <T> T badRequest(String why, Callable<T> call) {
        String outer = badRequestReason.get();
        badRequestReason.set(why);
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (outer == null) {
                badRequestReason.remove();
            } else {
                badRequestReason.set(outer);
            }
        }
    }

    @Override
    public void accept(RecordingHttpClient.Exchange exchange) {
        boolean requestValidated = badRequestReason.get() == null;
        String method = exchange.request().method();
        String path = exchange.request().uri().getRawPath();
        String query = exchange.request().uri().getRawQuery();
        checked.add(new Checked(match(method, path).map(Op::id).orElse("(undocumented)"), method,
                query == null ? path : path + "?" + query, exchange.status(), requestValidated,
                validate(exchange, requestValidated)));
    }

    /** The contract violations of one exchange: request and response, or the response only. */
    public List<String> validate(RecordingHttpClient.Exchange exchange, boolean requestToo) {
        String method = exchange.request().method();
        String path = exchange.request().uri().getRawPath();
        if (match(method, path).isEmpty()) {
            return List.of("no operation of the contract matches " + method + " " + path);
        }
        SimpleResponse response = toResponse(exchange);
        ValidationReport report = requestToo
                ? validator.validate(toRequest(exchange), response)
                : validator.validateResponse(path, Request.Method.valueOf(method), response);
        List<String> problems = new ArrayList<>();
        report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(ContractConformance::describe)
                .forEach(problems::add);
        problems.addAll(conventionProblems(exchange));
        return problems;
    }

    /**
     * What the contract states in prose for every response, which schemas cannot express:
     * "Every response carries X-Request-Id; errors repeat it as request_id" (info.description),
     * a problem's {@code status} repeats the HTTP status (Problem schema), and a 401 carries the
     * RFC 6750 challenge in {@code WWW-Authenticate} (every 401 of the contract declares that
     * header; RFC 9110 §15.5.2 requires it).
     */
    private static List<String> conventionProblems(RecordingHttpClient.Exchange exchange) {
        List<String> problems = new ArrayList<>();
        Optional<String> requestId = exchange.responseHeaders().firstValue("X-Request-Id");
        if (requestId.isEmpty() || requestId.get().isBlank()) {
            problems.add("[convention.request-id.missing] the response has no X-Request-Id header");
        }
        if (exchange.status() == 401 && exchange.responseHeaders().firstValue("WWW-Authenticate").isEmpty()) {
            problems.add("[convention.www-authenticate.missing] a 401 without a WWW-Authenticate challenge");
        }
        String contentType = exchange.responseHeaders().firstValue("Content-Type").orElse("");
        if (contentType.startsWith("application/problem+json") && exchange.responseBody().length > 0) {
            try {
                JsonNode problem = PROBLEM_READER.readTree(exchange.responseBody());
                if (requestId.isPresent() && !requestId.get().equals(problem.path("request_id").asText())) {
                    problems.add("[convention.request-id.mismatch] request_id " + problem.path("request_id")
                            + " differs from X-Request-Id " + requestId.get());
                }
                if (problem.path("status").asInt() != exchange.status()) {
                    problems.add("[convention.problem-status.mismatch] problem status " + problem.path("status")
                            + " on an HTTP " + exchange.status());
                }
            } catch (IOException e) {
                problems.add("[convention.problem.unreadable] " + e.getMessage());
            }
        }
        return problems;
    }

    private static String describe(ValidationReport.Message message) {
        StringBuilder text = new StringBuilder("[").append(message.getKey()).append("] ").append(message.getMessage());
        message.getAdditionalInfo().forEach(info -> text.append(" | ").append(info));
        message.getNestedMessages().forEach(nested -> text.append(" | nested: ").append(nested.getMessage()));
        return text.toString().replace('\n', ' ');
    }

    /** How many exchanges were checked so far; pass to {@link #problemsSince} to see one flow's. */
    public int mark() {
        return checked.size();
    }

    public List<Checked> checkedSince(int mark) {
        synchronized (checked) {
            return List.copyOf(checked.subList(mark, checked.size()));
        }
    }

    public List<String> problemsSince(int mark) {
        return checkedSince(mark).stream()
                .filter(c -> !c.conformant())
                .flatMap(c -> c.problems().stream().map(p -> c.method() + " " + c.path() + " → " + c.status() + ": " + p))
                .toList();
    }

    /** Every exchange so far, in order. */
    public List<Checked> checked() {
        return checkedSince(0);
    }

    /** The documented (operation, status) pairs, in contract order: "signIn 200", ... */
    public List<String> documentedPairs() {
        return operations.stream()
                .flatMap(op -> op.documentedStatuses().stream().map(s -> op.id() + " " + s))
                .toList();
    }

    /** The (operation, status) pairs exercised at least once. */
    public Map<String, List<Checked>> exercised() {
        return checked().stream().collect(Collectors.groupingBy(c -> c.operationId() + " " + c.status(),
                TreeMap::new, Collectors.toList()));
    }

    /**
     * Writes the table operation × status → exercised, conformant, with every documented pair
     * (covered or not) and every exchange that broke the contract.
     */
    public Totals writeReport(Path file, Map<String, String> excused, List<String> behaviourMismatches) {
        return writeReport(file, "SpecConformanceIT", excused, behaviourMismatches);
    }

    /** As {@link #writeReport(Path, Map, List)}, naming the suite whose flows were validated. */
    public Totals writeReport(Path file, String suite, Map<String, String> excused, List<String> behaviourMismatches) {
        Map<String, List<Checked>> exercised = exercised();
        List<String> documented = documentedPairs();
        StringBuilder md = new StringBuilder();
        md.append("# Contract conformance report\n\n");
        md.append("Contract: `").append(specLocation).append("`  \n");
        md.append("Every request and response of the flows in `").append(suite).append("` was validated with ")
                .append("swagger-request-validator. Requests sent broken on purpose (no credentials, malformed or ")
                .append("out-of-range input) had their response validated only. Two settings tighten the validator: ")
                .append("the root `security` applies to operations without their own (the validator ignores it otherwise), ")
                .append("and an object that lists its properties accepts no undocumented member unless it says ")
                .append("`additionalProperties: true`. Convention checks from the contract's prose run on every response: ")
                .append("`X-Request-Id` present and repeated as a problem's `request_id`, a problem's `status` equal to the ")
                .append("HTTP status, and `WWW-Authenticate` on every 401.\n\n");
        md.append("| operation | method | path | status | must cover | exercised | conformant |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        int pairsExercised = 0;
        int pairsConformant = 0;
        int mustCover = 0;
        int mustCovered = 0;
        for (Op op : operations) {
            for (String status : op.documentedStatuses()) {
                String key = op.id() + " " + status;
                List<Checked> hits = exercised.getOrDefault(key, List.of());
                long ok = hits.stream().filter(Checked::conformant).count();
                boolean must = !excused.containsKey(key);
                if (must) {
                    mustCover++;
                    if (!hits.isEmpty()) {
                        mustCovered++;
                    }
                }
                if (!hits.isEmpty()) {
                    pairsExercised++;
                    if (ok == hits.size()) {
                        pairsConformant++;
                    }
                }
                md.append("| ").append(op.id()).append(" | ").append(op.method()).append(" | `").append(op.template())
                        .append("` | ").append(status).append(" | ")
                        .append(must ? "yes" : "no: " + excused.get(key)).append(" | ")
                        .append(hits.isEmpty() ? "**no**" : "yes (" + hits.size() + ")").append(" | ")
                        .append(hits.isEmpty() ? "–" : ok == hits.size() ? "yes" : "**no** (" + (hits.size() - ok) + " failed)")
                        .append(" |\n");
            }
        }
        List<String> undocumented = exercised.keySet().stream().filter(k -> !documented.contains(k)).toList();
        List<Checked> all = checked();
        long conformantExchanges = all.stream().filter(Checked::conformant).count();
        Totals totals = new Totals(operations.size(), documented.size(), mustCover, mustCovered, pairsExercised,
                pairsConformant, all.size(), (int) conformantExchanges, undocumented, behaviourMismatches.size());
        md.append("\n## Totals\n\n").append(totals.describe()).append('\n');
        if (!undocumented.isEmpty()) {
            md.append("\n## Undocumented operation × status seen\n\n");
            undocumented.forEach(k -> md.append("- ").append(k).append('\n'));
        }
        List<Checked> failed = all.stream().filter(c -> !c.conformant()).toList();
        md.append("\n## Answers that contradict the contract's prose\n\n")
                .append("Status or problem type other than the contract describes for the situation (not visible to schema validation).\n\n");
        if (behaviourMismatches.isEmpty()) {
            md.append("None.\n");
        }
        behaviourMismatches.forEach(m -> md.append("- ").append(m.replace("|", "\\|")).append('\n'));
        md.append("\n## Validation mismatches\n\n");
        if (failed.isEmpty()) {
            md.append("None.\n");
        }
        for (Checked c : failed) {
            md.append("- `").append(c.method()).append(' ').append(c.path()).append("` → ").append(c.status())
                    .append(" (").append(c.operationId()).append(c.requestValidated() ? ", request+response" : ", response only")
                    .append(")\n");
            c.problems().forEach(p -> md.append("  - ").append(p.replace("|", "\\|")).append('\n'));
        }
        md.append("\n## Exchanges\n\n| # | operation | request | status | validated | conformant |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < all.size(); i++) {
            Checked c = all.get(i);
            md.append("| ").append(i + 1).append(" | ").append(c.operationId()).append(" | `").append(c.method()).append(' ')
                    .append(c.path()).append("` | ").append(c.status()).append(" | ")
                    .append(c.requestValidated() ? "request+response" : "response").append(" | ")
                    .append(c.conformant() ? "yes" : "**no**").append(" |\n");
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return totals;
    }

    /** The report's totals. */
    public record Totals(int operations, int documentedPairs, int mustCover, int mustCovered, int pairsExercised,
                         int pairsConformant, int exchanges, int conformantExchanges, List<String> undocumented,
                         int behaviourMismatches) {

        public String describe() {
            return "- operations in the contract: " + operations + "\n"
                    + "- documented operation × status pairs: " + documentedPairs + "\n"
                    + "- declared must-cover: " + mustCover + ", covered: " + mustCovered + "\n"
                    + "- pairs exercised: " + pairsExercised + ", of which every exchange conformant: " + pairsConformant + "\n"
                    + "- exchanges validated: " + exchanges + ", conformant: " + conformantExchanges + "\n"
                    + "- undocumented operation × status seen: " + undocumented.size() + "\n"
                    + "- answers contradicting the contract's prose: " + behaviourMismatches;
        }
    }

    private Optional<Op> match(String method, String path) {
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.pattern().matcher(path).matches())
                .min(Comparator.comparingInt(Op::templateParams));
    }

    private static List<Op> operationsOf(OpenAPI api) {
        List<Op> ops = new ArrayList<>();
        api.getPaths().forEach((template, item) -> {
            Map<PathItem.HttpMethod, Operation> byMethod = new LinkedHashMap<>(item.readOperationsMap());
            byMethod.forEach((method, operation) -> {
                String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
                int params = (int) template.chars().filter(ch -> ch == '{').count();
                List<String> statuses = operation.getResponses().keySet().stream().sorted().toList();
                ops.add(new Op(operation.getOperationId(), method.name(), template, Pattern.compile(regex), params, statuses));
            });
        });
        return List.copyOf(ops);
    }

    private static SimpleRequest toRequest(RecordingHttpClient.Exchange exchange) {
        HttpRequest request = exchange.request();
        URI uri = request.uri();
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), uri.getRawPath());
        request.headers().map().forEach(builder::withHeader);
        queryOf(uri).forEach(builder::withQueryParam);
        if (exchange.requestBody().length > 0) {
            builder.withBody(exchange.requestBody());
        }
        return builder.build();
    }

    private static SimpleResponse toResponse(RecordingHttpClient.Exchange exchange) {
        SimpleResponse.Builder builder = new SimpleResponse.Builder(exchange.status());
        exchange.responseHeaders().map().forEach(builder::withHeader);
        if (exchange.responseBody().length > 0) {
            builder.withBody(exchange.responseBody());
        }
        return builder.build();
    }

    private static Map<String, List<String>> queryOf(URI uri) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /**
     * Why a suite fails its final check, or "" when it passes: documented pairs never exercised
     * (except the excused ones), undocumented pairs answered, answers contradicting the contract's
     * prose, and every validation mismatch.
     */
    public String coverageFailures(java.util.Set<String> excused, List<String> behaviourMismatches) {
        Map<String, List<Checked>> exercised = exercised();
        List<String> missing = documentedPairs().stream()
                .filter(pair -> !excused.contains(pair) && !exercised.containsKey(pair)).toList();
        List<String> undocumented = exercised.keySet().stream()
                .filter(pair -> !documentedPairs().contains(pair)).toList();
        List<String> problems = problemsSince(0);
        StringBuilder failure = new StringBuilder();
        if (!missing.isEmpty()) {
            failure.append("Documented operation × status never exercised: ").append(missing).append('\n');
        }
        if (!undocumented.isEmpty()) {
            failure.append("Undocumented operation × status answered: ").append(undocumented).append('\n');
        }
        if (!behaviourMismatches.isEmpty()) {
            failure.append(behaviourMismatches.size()).append(" answers contradict the contract's prose:\n");
            behaviourMismatches.forEach(m -> failure.append("  ").append(m).append('\n'));
        }
        if (!problems.isEmpty()) {
            failure.append(problems.size()).append(" contract mismatches:\n");
            problems.forEach(p -> failure.append("  ").append(p).append('\n'));
        }
        return failure.toString();
    }
}
