package dev.renkei.conformance.negative;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.renkei.conformance.spec.ContractConformance;
import dev.renkei.conformance.support.RawHttp;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Sends the generated negative inputs of every operation of one contract that takes a body or
 * parameters, each from a valid baseline with one thing broken, and judges every answer.
 *
 * <p>Before a mutation is sent, the contract itself (swagger-request-validator on the contract
 * as written, without the conformance suites' stricter member rule) must find the request
 * invalid: a mutation the contract allows is reported as not negative and not sent. Every answer
 * is recorded through the suite's {@link ContractConformance} as a request broken on purpose, so
 * the response is validated against the contract.
 */
public final class NegativeRun {

    /** How one operation is called validly: the caller's headers and the values of its parameters. */
    public record Caller(Map<String, String> headers, Map<String, String> values, boolean sendBaseline) {
    }

    /** What a suite knows of an operation to choose its caller. */
    public record Op(String spec, String id, String method, String template, List<Parameter> parameters) {
    }

    /** One request sent (or judged not negative) and its verdict. */
    public record Result(String spec, String operationId, String method, String template, String kind, String where,
                         String description, String request, int status, String answer, Verdict verdict, String detail) {
    }

    /** The judgement of one answer. */
    public enum Verdict {
        REFUSED_400("400 with the documented error body", true),
        REFUSED_DOCUMENTED_4XX("another documented 4xx", true),
        REFUSED_BY_REDIRECT("refused through the redirect URI (RFC 6749 §4.1.2.1)", true),
        SERVER_ERROR("5xx", false),
        ACCEPTED_INVALID("2xx/3xx for an invalid input", false),
        NOT_PROBLEM("error body not in the documented format", false),
        WRONG_PROBLEM_TYPE("400 whose problem type is neither validation-failed nor malformed-request", false),
        UNDOCUMENTED_STATUS("a status the operation does not document", false),
        NONCONFORMANT("answer breaks the contract", false),
        NOT_NEGATIVE("the contract allows it: not sent", true),
        NULL_READ_AS_ABSENT("tolerated: null for an optional member that is not nullable, read as if absent", true),
        DUPLICATES_MERGED("tolerated: a duplicate in an array of unique items, merged into one", true),
        BASELINE_OK("valid baseline answered without a 5xx or a refusal of its input", true),
        BASELINE_REFERENCES_UNKNOWN("valid body baseline refused because its example IDs name nothing here", true),
        BASELINE_BROKEN("valid baseline refused as invalid, answered 5xx, or invalid by the contract", false);

        public final String meaning;
        public final boolean ok;

        Verdict(String meaning, boolean ok) {
            this.meaning = meaning;
            this.ok = ok;
        }
    }

    private static final Set<String> BAD_REQUEST_TYPES = Set.of("https://renkei.dev/problems/validation-failed",
            "https://renkei.dev/problems/malformed-request");

    private final String spec;
    private final OpenAPI api;
    private final OpenApiInteractionValidator contract;
    private final ContractConformance conformance;
    private final RawHttp raw;
    private final List<Result> results = new ArrayList<>();
    private final List<String> operationsCovered = new ArrayList<>();

    public NegativeRun(String spec, String location, ContractConformance conformance, RawHttp raw) {
        this.spec = spec;
        this.api = load(location);
        this.contract = OpenApiInteractionValidator.createFor(load(location)).build();
        this.conformance = conformance;
        this.raw = raw;
    }

    private static OpenAPI load(String location) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        return new OpenAPIParser().readLocation(location, null, options).getOpenAPI();
    }

    /** Every operation of the contract that takes input (a body or parameters), in contract order. */
    public List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        api.getPaths().forEach((template, item) -> item.readOperationsMap().forEach((method, operation) -> {
            List<Parameter> parameters = parameters(item, operation);
            if (!parameters.isEmpty() || body(operation) != null) {
                ops.add(new Op(spec, operation.getOperationId(), method.name(), template, parameters));
            }
        }));
        return ops;
    }

    /** Runs every mutation of every operation that takes input, each through its caller. */
    public List<Result> run(Function<Op, Caller> callers) throws IOException, InterruptedException {
        for (Op op : operations()) {
            run(op, callers.apply(op));
        }
        return results;
    }

    public List<String> operationsCovered() {
        return operationsCovered;
    }

    private void run(Op op, Caller caller) throws IOException, InterruptedException {
        operationsCovered.add(spec + " " + op.id());
        Operation operation = api.getPaths().get(op.template()).readOperationsMap().get(PathItem.HttpMethod.valueOf(op.method()));
        Map.Entry<String, MediaType> body = body(operation);
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter parameter : op.parameters()) {
            // The baseline sends what it must (path, required) and what the caller names; optional
            // parameters appear one at a time, in their own mutations.
            if ("path".equals(parameter.getIn()) || Boolean.TRUE.equals(parameter.getRequired())
                    || caller.values().containsKey(parameter.getName())) {
                values.put(key(parameter), caller.values().getOrDefault(parameter.getName(), example(parameter)));
            }
        }
        JsonNode baselineBody = null;
        String contentType = null;
        if (body != null) {
            contentType = body.getKey();
            Schema<?> schema = body.getValue().getSchema();
            baselineBody = body.getValue().getExample() != null
                    ? Samples.example(body.getValue().getExample(), schema) : Samples.of(schema);
        }
        Draft baseline = new Draft(op, operation, caller, values, Map.of(), contentType,
                baselineBody == null ? null : encode(contentType, baselineBody));
        List<String> baselineErrors = contractErrors(baseline);
        if (!baselineErrors.isEmpty()) {
            results.add(new Result(spec, op.id(), op.method(), op.template(), "baseline", "", "the valid baseline",
                    baseline.display(), 0, "", Verdict.BASELINE_BROKEN, "the baseline itself breaks the contract: " + baselineErrors));
        } else if (caller.sendBaseline()) {
            sendBaseline(op, baseline);
        }
        List<Draft> drafts = new ArrayList<>();
        for (Parameter parameter : op.parameters()) {
            for (ParameterMutations.Mutation m : ParameterMutations.of(parameter)) {
                Map<String, String> mutated = new LinkedHashMap<>(values);
                Map<String, String> extra = new LinkedHashMap<>();
                if (m.value() == null) {
                    mutated.remove(key(parameter));
                } else if (Boolean.TRUE.equals(parameter.getRequired()) || "path".equals(parameter.getIn())) {
                    mutated.put(key(parameter), m.value());
                } else {
                    extra.put(key(parameter), m.value());
                }
                drafts.add(new Draft(op, operation, caller, mutated, extra, contentType, baseline.body)
                        .describe(m.kind(), parameter.getIn() + " " + parameter.getName(), m.description(), m.bySchema()));
            }
        }
        if (body != null) {
            boolean json = contentType.contains("json");
            if (json) {
                String text = baseline.body;
                drafts.add(new Draft(op, operation, caller, values, Map.of(), contentType, text.substring(0, text.length() / 2))
                        .describe("malformed-json", "", "the body cut in half: not parseable JSON", true));
                drafts.add(new Draft(op, operation, caller, values, Map.of(), contentType, "{\"a\": tru}")
                        .describe("malformed-json", "", "a bare word where a value belongs", true));
            }
            drafts.add(new Draft(op, operation, caller, values, Map.of(), contentType, "")
                    .describe("empty-body", "", "no body where one is required", true));
            for (BodyMutations.Mutation m : BodyMutations.of(body.getValue().getSchema(), baselineBody)) {
                if (!json && !formEncodable(m.body())) {
                    continue; // a form field has no JSON type: only the text rules apply
                }
                drafts.add(new Draft(op, operation, caller, values, Map.of(), contentType, encode(contentType, m.body()))
                        .describe(m.kind(), "body " + (m.pointer().isEmpty() ? "/" : m.pointer()), m.description(), m.bySchema()));
            }
        }
        for (Draft draft : drafts) {
            send(draft);
        }
    }

    private void sendBaseline(Op op, Draft baseline) throws IOException, InterruptedException {
        int mark = conformance.mark();
        HttpResponse<String> response = baseline.request().send();
        List<String> problems = conformance.checkedSince(mark).stream().flatMap(c -> c.problems().stream()).toList();
        String type = problemType(response);
        boolean refused = response.statusCode() == 400 && (type != null && BAD_REQUEST_TYPES.contains(type)
                || "invalid_request".equals(oauthError(response)));
        // A body's example names objects of the contract's world (a user, a spot) that this
        // database does not hold: refusing those references is right. A read has no such excuse.
        boolean references = refused && !op.method().equals("GET") && problems.isEmpty();
        boolean broken = response.statusCode() >= 500 || refused && !references || response.statusCode() == 401 || !problems.isEmpty();
        Verdict verdict = broken ? Verdict.BASELINE_BROKEN : references ? Verdict.BASELINE_REFERENCES_UNKNOWN : Verdict.BASELINE_OK;
        results.add(new Result(spec, op.id(), op.method(), op.template(), "baseline", "", "the valid baseline",
                baseline.display(), response.statusCode(), answer(response), verdict,
                broken || references ? (problems.isEmpty() ? abbreviate(response.body()) : String.join("; ", problems)) : ""));
    }

    private void send(Draft draft) throws IOException, InterruptedException {
        Op op = draft.op;
        if (draft.bySchema && contractErrors(draft).isEmpty()) {
            results.add(new Result(spec, op.id(), op.method(), op.template(), draft.kind, draft.where, draft.what,
                    draft.display(), 0, "", Verdict.NOT_NEGATIVE, ""));
            return;
        }
        int mark = conformance.mark();
        HttpResponse<String> response = conformance.badRequest(draft.kind + " " + draft.where, () -> draft.request().send());
        List<String> problems = conformance.checkedSince(mark).stream().flatMap(c -> c.problems().stream()).toList();
        Verdict verdict = judge(draft, response, problems);
        results.add(new Result(spec, op.id(), op.method(), op.template(), draft.kind, draft.where, draft.what, draft.display(),
                response.statusCode(), answer(response), verdict,
                verdict.ok ? "" : problems.isEmpty() ? abbreviate(response.body()) : String.join("; ", problems)));
    }

    private Verdict judge(Draft draft, HttpResponse<String> response, List<String> problems) {
        int status = response.statusCode();
        String template = draft.op.template();
        if (status >= 500) {
            return Verdict.SERVER_ERROR;
        }
        if (status / 100 == 2 && draft.kind.equals("null-optional")) {
            return Verdict.NULL_READ_AS_ABSENT;
        }
        if (status / 100 == 2 && draft.kind.equals("duplicate-items")) {
            return Verdict.DUPLICATES_MERGED;
        }
        if (status < 400) {
            boolean redirectedError = status == 302 && template.equals("/oauth2/authorize")
                    && response.headers().firstValue("Location").orElse("").matches(".*[?&]error=.*");
            return redirectedError && problems.isEmpty() ? Verdict.REFUSED_BY_REDIRECT : Verdict.ACCEPTED_INVALID;
        }
        if (!draft.operation.getResponses().containsKey(String.valueOf(status))) {
            return Verdict.UNDOCUMENTED_STATUS;
        }
        if (template.startsWith("/oauth2/")) {
            if (!template.equals("/oauth2/authorize") && oauthError(response) == null) {
                return Verdict.NOT_PROBLEM;
            }
        } else {
            String type = problemType(response);
            if (type == null) {
                return Verdict.NOT_PROBLEM;
            }
            if (status == 400 && !BAD_REQUEST_TYPES.contains(type)) {
                return Verdict.WRONG_PROBLEM_TYPE;
            }
        }
        if (!problems.isEmpty()) {
            return Verdict.NONCONFORMANT;
        }
        return status == 400 ? Verdict.REFUSED_400 : Verdict.REFUSED_DOCUMENTED_4XX;
    }

    /** The contract's own verdict on a request (security aside: the caller's credentials are valid). */
    private List<String> contractErrors(Draft draft) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(draft.op.method()), draft.path());
        draft.headers().forEach(request::withHeader);
        draft.query().forEach((name, value) -> request.withQueryParam(name, value));
        if (draft.body != null) {
            request.withBody(draft.body);
        }
        ValidationReport report = contract.validateRequest(request.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !m.getKey().startsWith("validation.request.security"))
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList();
    }

    /** A request being built: parameter values by "in name", the body as sent. */
    private final class Draft {
        final Op op;
        final Operation operation;
        final Caller caller;
        final Map<String, String> values;
        final Map<String, String> extra;
        final String contentType;
        final String body;
        String kind = "baseline";
        String where = "";
        String what = "";
        boolean bySchema = true;

        Draft(Op op, Operation operation, Caller caller, Map<String, String> values, Map<String, String> extra,
              String contentType, String body) {
            this.op = op;
            this.operation = operation;
            this.caller = caller;
            this.values = values;
            this.extra = extra;
            this.contentType = contentType;
            this.body = body;
        }

        Draft describe(String kind, String where, String what, boolean bySchema) {
            this.kind = kind;
            this.where = where;
            this.what = what;
            this.bySchema = bySchema;
            return this;
        }

        private Map<String, String> in(String location) {
            Map<String, String> found = new LinkedHashMap<>();
            List.of(values, extra).forEach(map -> map.forEach((key, value) -> {
                if (key.startsWith(location + " ")) {
                    found.put(key.substring(location.length() + 1), value);
                }
            }));
            return found;
        }

        String path() {
            String path = op.template();
            for (Map.Entry<String, String> p : in("path").entrySet()) {
                path = path.replace("{" + p.getKey() + "}", URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            }
            return path;
        }

        Map<String, String> query() {
            return in("query");
        }

        String pathAndQuery() {
            StringBuilder url = new StringBuilder(path());
            query().forEach((name, value) -> url.append(url.indexOf("?") < 0 ? '?' : '&').append(enc(name)).append('=').append(enc(value)));
            return url.toString();
        }

        Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>(caller.headers());
            headers.putAll(in("header"));
            if (contentType != null && body != null) {
                headers.put("Content-Type", contentType);
            }
            return headers;
        }

        RawHttp.Req request() {
            RawHttp.Req request = raw.request(op.method(), pathAndQuery());
            if (op.template().equals("/oauth2/authorize")) {
                request.accept("text/html");
            }
            headers().forEach(request::header);
            if (body != null) {
                request.body(contentType, body);
            }
            return request;
        }

        String display() {
            String shown = op.method() + " " + pathAndQuery();
            Map<String, String> headers = in("header");
            if (!headers.isEmpty()) {
                shown += " " + headers.keySet().stream().map(h -> h + ": " + abbreviate(headers.get(h))).toList();
            }
            return body == null ? shown : shown + " " + abbreviate(body);
        }
    }

    private static List<Parameter> parameters(PathItem item, Operation operation) {
        Map<String, Parameter> byKey = new LinkedHashMap<>();
        if (item.getParameters() != null) {
            item.getParameters().forEach(p -> byKey.put(key(p), p));
        }
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> byKey.put(key(p), p));
        }
        return List.copyOf(byKey.values());
    }

    private static Map.Entry<String, MediaType> body(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                || operation.getRequestBody().getContent().isEmpty()) {
            return null;
        }
        return operation.getRequestBody().getContent().entrySet().iterator().next();
    }

    private static String key(Parameter parameter) {
        return parameter.getIn() + " " + parameter.getName();
    }

    private static String example(Parameter parameter) {
        JsonNode example = Samples.example(parameter.getExample(), parameter.getSchema());
        if (example == null && parameter.getSchema() != null) {
            example = Samples.of(parameter.getSchema());
        }
        return example == null ? "x" : Samples.text(example.isArray() && example.size() > 0 ? example.get(0) : example);
    }

    /** A form body has text fields only: a mutation that needs another JSON type cannot be sent as a form. */
    private static boolean formEncodable(JsonNode body) {
        if (!body.isObject()) {
            return false;
        }
        for (JsonNode field : (Iterable<JsonNode>) body::elements) {
            if (!field.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String encode(String contentType, JsonNode body) {
        if (contentType.contains("json")) {
            return body.toString();
        }
        StringBuilder form = new StringBuilder();
        body.fields().forEachRemaining(field -> form.append(form.length() == 0 ? "" : "&").append(enc(field.getKey()))
                .append('=').append(enc(Samples.text(field.getValue()))));
        return form.toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String problemType(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return null;
        }
        JsonNode problem = parse(response.body());
        return problem == null || !problem.path("request_id").isTextual() ? null : problem.path("type").asText(null);
    }

    private static String oauthError(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return null;
        }
        JsonNode error = parse(response.body());
        return error == null ? null : error.path("error").asText(null);
    }

    private static JsonNode parse(String body) {
        try {
            return Samples.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String answer(HttpResponse<String> response) {
        String type = problemType(response);
        if (type != null) {
            return type.substring(type.lastIndexOf('/') + 1);
        }
        String error = oauthError(response);
        if (error != null) {
            return error;
        }
        return response.headers().firstValue("Content-Type").orElse("(no body)");
    }

    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replace('\n', ' ');
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
