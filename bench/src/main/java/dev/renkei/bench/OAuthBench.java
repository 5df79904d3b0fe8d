package dev.renkei.bench;

import dev.renkei.server.account.Account;
import dev.renkei.server.account.AccountRepository;
import dev.renkei.server.consent.Consent;
import dev.renkei.server.consent.ConsentRepository;
import dev.renkei.server.consent.Journey;
import dev.renkei.server.oauth.AuthorizationCodes;
import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.program.DemoPrograms;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.shared.db.EmbeddedPostgres;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue #3's benchmark: refresh_token grants and token introspections per second, with p50/p90/p99,
 * at 16 and 64 connections. The real server runs in this JVM on a real PostgreSQL; on a 2-core
 * machine the load generator shares the cores.
 *
 * <p>Seeding goes through the server's own beans: one consent and one authorization code (PKCE
 * S256) per token chain, each code exchanged over HTTP at the token endpoint with the demo
 * client's Basic credentials. Every load thread owns one chain and always refreshes with the
 * refresh token its previous refresh returned (rotation), so no request is ever a reuse.
 * Introspection threads introspect a few distinct access tokens of their own. Any answer other
 * than 200 (and, for introspection, {@code "active":true}) is an error.
 *
 * <p>Options (system properties): {@code connections} (16,64), {@code seconds} (10 per measured
 * phase), {@code warmup} (5 seconds per warm-up round, repeated up to {@code warmupPhases} (8) times
 * until the JIT settles), {@code introspected} (8 distinct access tokens),
 * {@code phases} (refresh,introspection,reference — the last is GET /oauth2/jwks: no database, no
 * client authentication, a small cached answer — what the HTTP stack and load generator cost on
 * their own), {@code customers} (one per chain; fewer put several token families on one consent).
 */
public final class OAuthBench {

    private static final ObjectMapper JSON = ObjectMapper.getDefault();
    private static final String REDIRECT_URI = DemoPrograms.REDIRECT_URIS.get(0);
    private static final List<String> SCOPES = List.of(Scopes.ACCOUNTS_READ, Scopes.TRANSACTIONS_READ);
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (DemoPrograms.CLIENT_ID + ":" + DemoPrograms.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));

    private static final int REFRESH_TARGET = 1_400;
    private static final double REFRESH_P99_TARGET_MS = 40;
    private static final int INTROSPECTION_TARGET = 6_600;

    private OAuthBench() {
    }

    /** One seeded authorization: its code, and the verifier whose S256 challenge the code is bound to. */
    private record Seeded(String code, String verifier) {
    }

    public static void main(String[] args) throws Exception {
        int[] connectionCounts = Arrays.stream(System.getProperty("connections", "16,64").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.getInteger("seconds", 10);
        int warmup = Integer.getInteger("warmup", 5);
        int warmupPhases = Integer.getInteger("warmupPhases", 8);
        int introspected = Integer.getInteger("introspected", 8);
        List<String> phases = List.of(System.getProperty("phases", "refresh,introspection,reference").split(","));
        boolean refreshing = phases.contains("refresh");
        boolean introspecting = phases.contains("introspection");
        boolean reference = phases.contains("reference");
        int chains = Arrays.stream(connectionCounts).max().orElseThrow();
        int customers = Integer.getInteger("customers", chains + introspected);

        try (EmbeddedPostgres postgres = EmbeddedPostgres.startEphemeral()) {
            Map<String, Object> properties = new HashMap<>(postgres.datasourceProperties());
            properties.put("micronaut.server.port", -1);
            properties.put("renkei.demo-data.enabled", true);
            properties.put("renkei.mail.poll-interval", "1h");
            try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext()) {
                URI base = context.getBean(EmbeddedServer.class).getURI();
                LoadRunner.trackPostgres(postgres.jdbcUrl());
                URI tokenEndpoint = base.resolve("/oauth2/token");
                URI introspectionEndpoint = base.resolve("/oauth2/introspect");
                URI jwksEndpoint = base.resolve("/oauth2/jwks");
                System.out.printf("Renkei OAuth benchmark: %d cores, Java %s, PostgreSQL embedded; %d refresh chains "
                                + "of %d customers, %d distinct introspected access tokens, %d s per phase%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), chains,
                        customers, introspected, seconds);

                // One chain per refresh thread, plus separate chains whose access tokens are introspected.
                List<Seeded> seeded = seed(context, chains + introspected, customers);
                HttpClient setup = HttpClient.newHttpClient();
                List<AtomicReference<String>> refreshTokens = new ArrayList<>();
                List<String> accessTokens = new ArrayList<>();
                for (Seeded s : seeded) {
                    Map<String, Object> issued = exchange(setup, tokenEndpoint, s);
                    refreshTokens.add(new AtomicReference<>((String) issued.get("refresh_token")));
                    accessTokens.add((String) issued.get("access_token"));
                }
                List<String> introspectedTokens = accessTokens.subList(chains, chains + introspected);
                hold(Integer.getInteger("hold", 0), base, introspectedTokens);

                // Warm-up (JIT, connection pool, caches) with the most threads, not measured.
                LoadRunner.warmUp(warmup, warmupPhases, s -> {
                    if (refreshing) {
                        refresh(tokenEndpoint, refreshTokens, chains, s);
                    }
                    if (introspecting) {
                        introspect(introspectionEndpoint, introspectedTokens, chains, s);
                    }
                    if (reference) {
                        reference(jwksEndpoint, chains, s);
                    }
                });

                Map<Integer, LoadRunner.Result> refreshes = new LinkedHashMap<>();
                Map<Integer, LoadRunner.Result> introspections = new LinkedHashMap<>();
                Map<Integer, LoadRunner.Result> references = new LinkedHashMap<>();
                for (int connections : connectionCounts) {
                    if (refreshing) {
                        LoadRunner.Result r = refresh(tokenEndpoint, refreshTokens, connections, seconds);
                        System.out.println(r.describe("POST /oauth2/token (refresh_token)", connections));
                        refreshes.put(connections, r);
                    }
                    if (introspecting) {
                        LoadRunner.Result i = introspect(introspectionEndpoint, introspectedTokens, connections, seconds);
                        System.out.println(i.describe("POST /oauth2/introspect           ", connections));
                        introspections.put(connections, i);
                    }
                    if (reference) {
                        LoadRunner.Result j = reference(jwksEndpoint, connections, seconds);
                        System.out.println(j.describe("GET /oauth2/jwks (reference)      ", connections));
                        references.put(connections, j);
                    }
                }
                System.out.println();
                System.out.println(summary(refreshes, introspections, references));
                int errors = refreshes.values().stream().mapToInt(LoadRunner.Result::errors).sum()
                        + introspections.values().stream().mapToInt(LoadRunner.Result::errors).sum();
                if (errors > 0) {
                    System.out.printf("ERRORS: %d requests failed; the figures above are not valid%n", errors);
                    System.exit(1);
                }
            }
        }
    }

    /**
     * With {@code hold} seconds, keeps the seeded server up before any phase so that an external
     * load tool (wrk, ab) can measure it without this JVM's HTTP client sharing the cores. The
     * server's address, the client's Authorization header and the access tokens (of a throwaway
     * database), one a line, are written to {@code bench/target/oauth-hold.txt}.
     */
    private static void hold(int seconds, URI base, List<String> tokens) throws IOException, InterruptedException {
        if (seconds <= 0) {
            return;
        }
        Path file = Path.of("bench/target/oauth-hold.txt");
        List<String> lines = new ArrayList<>(List.of(base.toString(), BASIC));
        lines.addAll(tokens);
        Files.write(file, lines);
        System.out.printf("HOLD %d s: server %s; address, Authorization and %d access tokens in %s%n", seconds, base,
                tokens.size(), file);
        System.out.flush();
        Thread.sleep(seconds * 1000L);
    }

    private static String summary(Map<Integer, LoadRunner.Result> refreshes, Map<Integer, LoadRunner.Result> introspections,
                                  Map<Integer, LoadRunner.Result> references) {
        StringBuilder line = new StringBuilder("SUMMARY");
        LoadRunner.Result r16 = refreshes.get(16);
        if (r16 != null) {
            boolean met = r16.perSecond() >= REFRESH_TARGET && r16.percentile(99) <= REFRESH_P99_TARGET_MS && r16.errors() == 0;
            line.append(String.format(" refresh at 16 conns: %,.0f/s, p99 %.1f ms (target >= %,d/s, p99 <= %.0f ms: %s);",
                    r16.perSecond(), r16.percentile(99), REFRESH_TARGET, REFRESH_P99_TARGET_MS, met ? "met" : "MISSED"));
        }
        refreshes.forEach((connections, r) -> {
            if (connections != 16) {
                line.append(String.format(" refresh at %d conns: %,.0f/s, p99 %.1f ms;", connections, r.perSecond(),
                        r.percentile(99)));
            }
        });
        introspections.forEach((connections, r) -> line.append(String.format(
                " introspection at %d conns: %,.0f/s, p99 %.1f ms (target >= %,d/s: %s);", connections, r.perSecond(),
                r.percentile(99), INTROSPECTION_TARGET,
                r.perSecond() >= INTROSPECTION_TARGET && r.errors() == 0 ? "met" : "MISSED")));
        references.forEach((connections, r) -> line.append(String.format(
                " reference (GET /oauth2/jwks, no database) at %d conns: %,.0f/s;", connections, r.perSecond())));
        line.append(" Keycloak 26.5 on the same machine: 688 refreshes/s, 1,328 introspections/s");
        return line.toString();
    }

    /**
     * Customers, their consents and authorization codes through the server's beans, in one
     * transaction, as the consent journey's last step would create them. A customer has one
     * active consent per program; chain {@code i} belongs to customer {@code i % customers}, so with
     * fewer customers than chains some consents carry several token families (one customer's
     * several devices), as with {@code customers=1} every chain shares one consent.
     */
    @SuppressWarnings("unchecked")
    private static List<Seeded> seed(ApplicationContext context, int count, int customers) {
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        AccountRepository accounts = context.getBean(AccountRepository.class);
        PartnerProgramRepository programs = context.getBean(PartnerProgramRepository.class);
        ConsentRepository consents = context.getBean(ConsentRepository.class);
        AuthorizationCodes codes = context.getBean(AuthorizationCodes.class);
        return transactions.executeWrite(status -> {
            PartnerProgram program = programs.findByClientId(DemoPrograms.CLIENT_ID).orElseThrow();
            Instant now = Instant.now();
            List<Consent> granted = new ArrayList<>(customers);
            for (int c = 0; c < customers; c++) {
                Account customer = new Account(Ids.newId(), String.format("oauthbench%04d", c), "ベンチ顧客 " + c,
                        null, null, Set.of(), null, 0, null, now, now);
                accounts.insert(customer);
                Consent consent = new Consent(Ids.newId(), customer.id(), program.id(), SCOPES, List.of(), now, null, null);
                consents.insert(consent);
                granted.add(consent);
            }
            List<Seeded> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Consent consent = granted.get(i % customers);
                String verifier = SecretTokens.randomBase62(64);
                String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(SecretTokens.sha256(verifier));
                Journey journey = new Journey(SecretTokens.randomBase62(32), program.id(), REDIRECT_URI, "bench-" + i,
                        SCOPES, SCOPES, challenge, Journey.Step.COMPLETED, consent.accountId(), SecretTokens.randomBase62(32),
                        List.of(), Map.of(), now, now.plus(Duration.ofMinutes(10)), now);
                out.add(new Seeded(queryParameter(codes.issue(journey, consent), "code"), verifier));
            }
            return out;
        });
    }

    private static String queryParameter(String uri, String name) {
        for (String pair : URI.create(uri).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no " + name + " in " + uri);
    }

    private static Map<String, Object> exchange(HttpClient client, URI tokenEndpoint, Seeded seeded)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(form(tokenEndpoint, "grant_type=authorization_code&code="
                + encode(seeded.code()) + "&redirect_uri=" + encode(REDIRECT_URI) + "&code_verifier="
                + encode(seeded.verifier())), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("code exchange -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readValue(response.body(), Argument.mapOf(String.class, Object.class));
    }

    /** Thread {@code slot} refreshes chain {@code slot}, always with the refresh token it received last. */
    private static LoadRunner.Result refresh(URI tokenEndpoint, List<AtomicReference<String>> chains, int connections,
                                             int seconds) throws InterruptedException {
        return LoadRunner.run(connections, seconds, slot -> client -> {
            AtomicReference<String> chain = chains.get(slot);
            HttpResponse<String> response = client.send(form(tokenEndpoint,
                    "grant_type=refresh_token&refresh_token=" + encode(chain.get())), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                reportFirstError("refresh", response);
                return false;
            }
            String next = stringMember(response.body(), "refresh_token");
            if (next == null || stringMember(response.body(), "access_token") == null) {
                reportFirstError("refresh", response);
                return false;
            }
            chain.set(next);
            return true;
        }, true);
    }

    /** Thread {@code slot} introspects the access tokens in turn, starting at its own. */
    private static LoadRunner.Result introspect(URI endpoint, List<String> accessTokens, int connections, int seconds)
            throws InterruptedException {
        return LoadRunner.run(connections, seconds, slot -> {
            int[] next = {slot};
            return client -> {
                String token = accessTokens.get(next[0]++ % accessTokens.size());
                HttpResponse<String> response = client.send(form(endpoint,
                        "token=" + encode(token) + "&token_type_hint=access_token"), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains("\"active\":true")) {
                    reportFirstError("introspection", response);
                    return false;
                }
                return true;
            };
        }, false);
    }

    /**
     * The reference: GET /oauth2/jwks — anonymous, no database, a small answer from keys cached
     * in memory — through the same server, connections and load generator: about what the HTTP
     * stack and the load generator cost on their own on this machine. (GET /health/liveness is no
     * such floor: Micronaut's health aggregation costs as much CPU as an introspection.)
     */
    private static LoadRunner.Result reference(URI endpoint, int connections, int seconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30)).GET().build();
        return LoadRunner.run(connections, seconds,
                slot -> client -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200, false);
    }

    private static HttpRequest form(URI uri, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", BASIC)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A JSON string member of a flat object, without a full parse on the load generator's cores. */
    private static String stringMember(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    private static final AtomicReference<String> FIRST_ERROR = new AtomicReference<>();

    private static void reportFirstError(String what, HttpResponse<String> response) {
        if (FIRST_ERROR.compareAndSet(null, what)) {
            System.out.printf("first %s error: %d %s%n", what, response.statusCode(), response.body());
        }
    }
}
