package dev.renkei.bench;

import dev.renkei.server.consent.Consent;
import dev.renkei.server.consent.ConsentRepository;
import dev.renkei.server.consent.Journey;
import dev.renkei.server.oauth.AuthorizationCodes;
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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Issue #4's benchmark (item 7): the Resource API's spots at 16 and 64 connections — GET one spot
 * by ID (random among the existing ones), GET a page of 200 (following {@code next_cursor} for a
 * few pages, then starting over) and POST a new spot — each with throughput and p50/p90/p99. The
 * real server runs in this JVM on a real PostgreSQL, as in the other benchmarks; on a 2-core
 * machine the load generator shares the cores.
 *
 * <p>Three servers in this JVM on one database, to price the Resource API's rules for every call:
 * (1) authentication and limits on, with a static token (a picked-up API token) and an OAuth
 * access token of a program registered for spots:read and spots:write, the limits raised but
 * still counted (burst 100,000,000 calls per second; daily quotas 1,000,000,000 for static tokens
 * and by default, 100,000,000 — the contract's largest — for the registered program); (2) the
 * same static token with {@code renkei.rate-limits.enabled=false}; (3)
 * {@code micronaut.security.enabled=false} and limits off, no Authorization header. The cost of
 * authentication and limits is (1)'s throughput against (3)'s.
 *
 * <p>The servers run side by side and are measured in turns: {@code rounds} rounds of one phase
 * per server and token, each round starting with the next one. A shared 2-core machine drifts by
 * 10 to 20 % over minutes (other tenants, the host's clock speed); measured one after the other,
 * the configurations would compare the drift as much as the code. Side by side they also share
 * one warm JIT, so none pays for compiling the common code. Each figure is over all rounds:
 * throughput their mean, a latency percentile the median of the rounds'.
 *
 * <p>The data: a server start of its own, closed before the measured servers start, generates
 * {@code renkei.resources.data.volume=large} with {@code data=large} (100,000 spots), or the demo
 * volume with {@code data=insert}, which then inserts {@code spots} rows into rs_spot over JDBC in
 * batches. The measured servers reuse the database with demo data off. The spots the create
 * phases add are deleted at the end.
 *
 * <p>Options (system properties): {@code connections} (16,64), {@code seconds} (10 per measured
 * phase), {@code rounds} (3), {@code warmup} (2 seconds per operation and token per warm-up round, at
 * {@code warmupConnections} (the fewest measured) connections, repeated up to
 * {@code warmupPhases} (10) times until the JIT compilers use under {@code warmupJit} (0.05)
 * cores), {@code data} (large), {@code spots} (100000, for data=insert), {@code pages} (5 pages
 * followed before a list starts over), {@code configs} (auth,limits-off,open), {@code ops}
 * (get-one,list-200,create), {@code accessToken} (true: also measure (1) with an OAuth access
 * token), {@code loadGenerator} (wrk: {@code wrk} with one thread makes the load when it is on
 * the PATH, costing the shared cores far less per request than the JDK client; jdk: the JDK
 * client, one thread per connection).
 */
public final class ResourcesBench {

    private static final ObjectMapper JSON = ObjectMapper.getDefault();
    private static final String PASSWORD = "renkei-demo-2026";
    private static final String SPOTS = "/v1/resources/spots";
    private static final List<String> SCOPES = List.of("spots:read", "spots:write");
    private static final String REDIRECT_URI = "http://localhost:8081/bench-callback";
    private static final long RAISED_QUOTA = 1_000_000_000L;
    /** The contract's largest daily_quota of a program: far more than a run makes. */
    private static final long PROGRAM_QUOTA = 100_000_000L;
    /** Access tokens live 600 s: a phase starts with one younger than this. */
    private static final Duration ACCESS_TOKEN_REUSE = Duration.ofMinutes(5);

    private static final int GET_TARGET = 9_500;
    private static final double LIST_P99_TARGET_MS = 50;
    private static final double COST_TARGET_PERCENT = 10;

    private ResourcesBench() {
    }

    /** What a server start switches on. */
    private enum Config {
        AUTH("auth", "(1) auth + limits", true, true),
        LIMITS_OFF("limits-off", "(2) limits off", true, false),
        OPEN("open", "(3) auth and limits off", false, false);

        final String key;
        final String label;
        final boolean security;
        final boolean limits;

        Config(String key, String label, boolean security, boolean limits) {
            this.key = key;
            this.label = label;
            this.security = security;
            this.limits = limits;
        }

        static Config of(String key) {
            return Arrays.stream(values()).filter(c -> c.key.equals(key.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("configs: auth, limits-off, open; not " + key));
        }
    }

    private enum Op {
        GET_ONE("get-one ", "GET /v1/resources/spots/{id}     "),
        LIST("list-200", "GET /v1/resources/spots?limit=200"),
        CREATE("create  ", "POST /v1/resources/spots         ");

        final String name;
        final String request;

        Op(String name, String request) {
            this.name = name;
            this.request = request;
        }

        static Op of(String name) {
            return Arrays.stream(values()).filter(o -> o.name.trim().equals(name.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("ops: get-one, list-200, create; not " + name));
        }
    }

    /** One column of the figures: a configuration and the bearer token it calls with (null: none). */
    private record Variant(String label, URI base, Supplier<String> bearer) {
    }

    /** One measured phase. */
    private record Measured(String variant, Op op, int connections, LoadRunner.Result result) {
    }

    public static void main(String[] args) throws Exception {
        int[] connectionCounts = Arrays.stream(System.getProperty("connections", "16,64").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.getInteger("seconds", 10);
        int roundCount = Integer.getInteger("rounds", 3);
        int warmup = Integer.getInteger("warmup", 2);
        int warmupPhases = Integer.getInteger("warmupPhases", 10);
        double warmupJit = Double.parseDouble(System.getProperty("warmupJit", "0.05"));
        String data = System.getProperty("data", "large");
        int inserted = Integer.getInteger("spots", 100_000);
        int pages = Integer.getInteger("pages", 5);
        boolean withAccessToken = Boolean.parseBoolean(System.getProperty("accessToken", "true"));
        String generator = System.getProperty("loadGenerator", "wrk");
        boolean wrk = generator.equals("wrk") && LoadRunner.wrkAvailable();
        if (!generator.equals("wrk") && !generator.equals("jdk")) {
            throw new IllegalArgumentException("loadGenerator: wrk or jdk, not " + generator);
        }
        List<Config> configs = Arrays.stream(System.getProperty("configs", "auth,limits-off,open").split(","))
                .map(Config::of).toList();
        List<Op> ops = Arrays.stream(System.getProperty("ops", "get-one,list-200,create").split(",")).map(Op::of).toList();
        if (!data.equals("large") && !data.equals("insert")) {
            throw new IllegalArgumentException("data: large or insert, not " + data);
        }
        // Warm up with the fewest threads measured: on two cores, 64 load threads starve the JIT's
        // two compiler threads, so "the JIT used little CPU" would mean "it got little CPU", not
        // "it is done". (Fewer than measured leaves code of the measured concurrency to compile.)
        int warmupConnections = Integer.getInteger("warmupConnections", Arrays.stream(connectionCounts).min().orElseThrow());

        List<Measured> measured = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startEphemeral()) {
            String jdbcUrl = postgres.jdbcUrl();
            LoadRunner.trackPostgres(jdbcUrl);
            System.out.printf("Renkei Resource API benchmark: %d cores, Java %s, PostgreSQL embedded; %d s per phase, "
                            + "%d rounds; configurations %s side by side on the same database; load generator: %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds, roundCount,
                    configs.stream().map(c -> c.label).toList(), wrk ? "wrk (1 thread)"
                            : "JDK HttpClient, one thread per connection" + (generator.equals("wrk") ? " (no wrk on the PATH: "
                            + "apt-get install -y wrk)" : ""));

            String staticToken = null;
            List<String> spotIds = null;
            List<ApplicationContext> servers = new ArrayList<>();
            List<Variant> variants = new ArrayList<>();
            try {
                // The data comes from a start of its own, closed before the measured servers start: a
                // server that generated a million rows measured 10 % slower than its fresh neighbours
                // (its heap and its PostgreSQL backends carry the load), whichever configuration it was.
                long generating = System.nanoTime();
                try (ApplicationContext dataServer = ApplicationContext.run(EmbeddedServer.class,
                        serverProperties(postgres, data, true, Config.OPEN)).getApplicationContext()) {
                    double startSeconds = (System.nanoTime() - generating) / 1e9;
                    if (data.equals("large")) {
                        System.out.printf("data: renkei.resources.data.volume=large generated by a server start of its own "
                                + "in %.1f s%n", startSeconds);
                    } else {
                        long started = System.nanoTime();
                        insertSpots(jdbcUrl, inserted);
                        System.out.printf("data: demo volume generated by a server start of its own (%.1f s), then %,d spots "
                                        + "inserted into rs_spot over JDBC in batches in %.1f s%n", startSeconds, inserted,
                                (System.nanoTime() - started) / 1e9);
                    }
                }
                System.out.println("data size: " + dataSize(jdbcUrl));
                long settling = System.nanoTime();
                settle(jdbcUrl);
                System.out.printf("VACUUM ANALYZE and CHECKPOINT in %.1f s: no autovacuum during the phases%n",
                        (System.nanoTime() - settling) / 1e9);
                spotIds = spotIds(jdbcUrl);
                if (wrk) {
                    idsFile = Files.createTempFile("renkei-spot-ids", ".txt");
                    idsFile.toFile().deleteOnExit();
                    Files.write(idsFile, spotIds);
                }
                for (Config config : configs) {
                    long starting = System.nanoTime();
                    ApplicationContext context = ApplicationContext.run(EmbeddedServer.class,
                            serverProperties(postgres, data, false, config)).getApplicationContext();
                    servers.add(context);
                    URI base = context.getBean(EmbeddedServer.class).getURI();
                    double startSeconds = (System.nanoTime() - starting) / 1e9;
                    System.out.printf("configuration %s: server started in %.1f s at %s (renkei.rate-limits.enabled=%s, "
                            + "micronaut.security.enabled=%s)%n", config.label, startSeconds, base, config.limits, config.security);

                    HttpClient setup = HttpClient.newHttpClient();
                    if (config.security) {
                        if (staticToken == null) {
                            staticToken = staticToken(setup, base);
                        }
                        String token = staticToken;
                        variants.add(new Variant(config.label + ", static token", base, () -> token));
                        if (config == Config.AUTH && withAccessToken) {
                            variants.add(new Variant(config.label + ", access token", base, accessTokens(context, setup, base)));
                        }
                    } else {
                        variants.add(new Variant(config.label + ", no token", base, () -> null));
                    }
                }

                Instant mark = Instant.now();
                List<String> ids = spotIds;
                System.out.println();
                LoadRunner.warmUp(warmup, warmupPhases, warmupJit, s -> {
                    for (Variant variant : variants) {
                        String bearer = variant.bearer().get();
                        for (Op op : ops) {
                            phase(variant.base(), op, bearer, ids, pages, warmupConnections, s);
                        }
                    }
                });
                for (int connections : connectionCounts) {
                    for (Op op : ops) {
                        Map<Variant, List<LoadRunner.Result>> rounds = new LinkedHashMap<>();
                        for (int round = 0; round < roundCount; round++) {
                            // Each round starts with another configuration: none always runs first or last.
                            for (int i = 0; i < variants.size(); i++) {
                                Variant variant = variants.get((round + i) % variants.size());
                                LoadRunner.Result r = phase(variant.base(), op, variant.bearer().get(), ids, pages, connections,
                                        seconds);
                                System.out.println(r.describe("round " + (round + 1) + " " + op.request + " " + variant.label(),
                                        connections));
                                rounds.computeIfAbsent(variant, v -> new ArrayList<>()).add(r);
                            }
                        }
                        rounds.forEach((variant, results) -> {
                            LoadRunner.Result r = LoadRunner.Result.combine(results);
                            System.out.println(r.describe("all rounds " + op.request + " " + variant.label(), connections));
                            measured.add(new Measured(variant.label(), op, connections, r));
                        });
                    }
                }
                System.out.printf("deleted the %,d spots the create phases added%n", deleteCreated(jdbcUrl, mark));
            } finally {
                servers.forEach(ApplicationContext::close);
            }
        }
        System.out.println();
        System.out.println(summary(measured, connectionCounts));
        int errors = measured.stream().mapToInt(m -> m.result().errors()).sum();
        if (errors > 0) {
            System.out.printf("ERRORS: %d requests failed; the figures above are not valid%n", errors);
            System.exit(1);
        }
    }

    /**
     * One phase of one operation: GET a random existing spot; GET pages of 200, each thread
     * following its own next_cursor for {@code pages} pages and then starting over; or POST a new
     * spot with a name only. Anything but 200 (201 for POST) is an error.
     */
    private static LoadRunner.Result phase(URI base, Op op, String bearer, List<String> ids, int pages, int connections,
                                           int seconds) throws InterruptedException {
        if (idsFile != null) {
            return LoadRunner.runWrk(base.resolve(SPOTS), wrkScript(base, op, bearer, pages), connections, seconds);
        }
        return switch (op) {
            case GET_ONE -> LoadRunner.run(connections, seconds, slot -> client -> {
                String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                HttpResponse<String> response = client.send(request(base.resolve(SPOTS + "/" + id), bearer).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return expect(op, response, 200);
            }, false);
            case LIST -> LoadRunner.run(connections, seconds, slot -> {
                String[] cursor = {null};
                int[] page = {0};
                return client -> {
                    String query = cursor[0] == null ? "?limit=200" : "?limit=200&cursor=" + encode(cursor[0]);
                    HttpResponse<String> response = client.send(request(base.resolve(SPOTS + query), bearer).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (!expect(op, response, 200)) {
                        cursor[0] = null;
                        page[0] = 0;
                        return false;
                    }
                    cursor[0] = ++page[0] < pages ? stringMember(response.body(), "next_cursor") : null;
                    if (cursor[0] == null) {
                        page[0] = 0;
                    }
                    return true;
                };
            }, false);
            case CREATE -> LoadRunner.run(connections, seconds, slot -> {
                int[] n = {0};
                return client -> {
                    String body = "{\"name\":\"ベンチ スポット " + slot + "-" + n[0]++ + "\"}";
                    HttpResponse<String> response = client.send(request(base.resolve(SPOTS), bearer)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    return expect(op, response, 201);
                };
            }, false);
        };
    }

    /** The spot IDs one a line, for wrk's get-one script; null when the JDK client makes the load. */
    private static Path idsFile;

    /**
     * wrk's Lua for one phase, making the same requests as the JDK client's threads: a random
     * existing spot; the first {@code pages} pages of 200 in a cycle (their cursors read once here
     * by following next_cursor, as every list thread of the JDK client follows the same chain on
     * unchanging data); a new spot with a name of its own.
     */
    private static String wrkScript(URI base, Op op, String bearer, int pages) {
        StringBuilder lua = new StringBuilder();
        if (bearer != null) {
            lua.append("wrk.headers[\"Authorization\"] = \"Bearer ").append(bearer).append("\"\n");
        }
        switch (op) {
            case GET_ONE -> lua.append("local ids = {}\n")
                    .append("for line in io.lines(\"").append(idsFile).append("\") do ids[#ids + 1] = line end\n")
                    .append("math.randomseed(os.time())\n")
                    .append("request = function() return wrk.format(\"GET\", \"").append(SPOTS)
                    .append("/\" .. ids[math.random(#ids)]) end\n");
            case LIST -> {
                lua.append("local paths = {\n");
                listPages(base, bearer, pages).forEach(path -> lua.append("  \"").append(path).append("\",\n"));
                lua.append("}\nlocal i = 0\n")
                        .append("request = function() i = i + 1; return wrk.format(\"GET\", paths[(i % #paths) + 1]) end\n");
            }
            case CREATE -> lua.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n")
                    .append("local n = 0\n")
                    .append("request = function() n = n + 1; return wrk.format(\"POST\", nil, nil, ")
                    .append("'{\"name\":\"ベンチ スポット w' .. os.time() .. '-' .. n .. '\"}') end\n");
        }
        return lua.toString();
    }

    /** The paths of the first {@code pages} pages of 200 spots, following next_cursor. */
    private static List<String> listPages(URI base, String bearer, int pages) {
        HttpClient client = HttpClient.newHttpClient();
        List<String> paths = new ArrayList<>();
        String cursor = null;
        try {
            do {
                String path = SPOTS + (cursor == null ? "?limit=200" : "?limit=200&cursor=" + encode(cursor));
                HttpResponse<String> response = client.send(request(base.resolve(path), bearer).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + " " + response.body());
                }
                paths.add(path);
                cursor = stringMember(response.body(), "next_cursor");
            } while (cursor != null && paths.size() < pages);
            return paths;
        } catch (IOException e) {
            throw new IllegalStateException("listing spots failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static HttpRequest.Builder request(URI uri, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private static boolean expect(Op op, HttpResponse<String> response, int status) {
        if (response.statusCode() == status) {
            return true;
        }
        if (REPORTED.add(op.name + " " + response.statusCode())) {
            String body = response.body();
            System.out.printf("first %s error %d: %s%n", op.name.trim(), response.statusCode(),
                    body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
        return false;
    }

    /** A fresh account without roles with a picked-up API token: what a server-to-server batch calls with. */
    private static String staticToken(HttpClient client, URI base) throws Exception {
        String admin = (String) send(client, base, "POST", "/v1/auth/sign-in", null,
                Map.of("login_id", "admin1", "password", PASSWORD)).get("access_token");
        String loginId = "resbench" + System.currentTimeMillis() % 1_000_000;
        String password = "resbench-password-2026";
        String accountId = (String) send(client, base, "POST", "/v1/accounts", admin, Map.of("login_id", loginId,
                "name", "ベンチ バッチ", "mail", loginId + "@example.com", "password", password, "flags", List.of())).get("id");
        String session = (String) send(client, base, "POST", "/v1/auth/sign-in", null,
                Map.of("login_id", loginId, "password", password)).get("access_token");
        Map<String, Object> issued = send(client, base, "POST", "/v1/api-tokens/bulk-issue", admin,
                Map.of("account_ids", List.of(accountId)));
        String tokenId = (String) ((Map<?, ?>) ((List<?>) issued.get("results")).get(0)).get("token_id");
        return (String) send(client, base, "POST", "/v1/me/api-tokens/" + tokenId + "/pickup", session, null).get("secret");
    }

    /**
     * Access tokens of a partner program admin1 registers for spots:read and spots:write with
     * the largest daily quota the contract allows (100,000,000). The customer's (user2's) consent
     * and each authorization code are made through the server's beans (as OAuthBench does: the
     * consent journey is not what we measure); each code is exchanged over HTTP at the token
     * endpoint. A token is used for at most
     * {@link #ACCESS_TOKEN_REUSE}, then the next phase gets a new one.
     */
    @SuppressWarnings("unchecked")
    private static Supplier<String> accessTokens(ApplicationContext context, HttpClient client, URI base) throws Exception {
        String admin = (String) send(client, base, "POST", "/v1/auth/sign-in", null,
                Map.of("login_id", "admin1", "password", PASSWORD)).get("access_token");
        Map<String, Object> registered = send(client, base, "POST", "/v1/partner-programs", admin, Map.of(
                "name", "ベンチ 訪問管理アプリ", "company_name", "ベンチ株式会社", "client_type", "confidential",
                "redirect_uris", List.of(REDIRECT_URI), "allowed_scopes", SCOPES, "daily_quota", PROGRAM_QUOTA));
        String clientId = (String) ((Map<?, ?>) registered.get("program")).get("client_id");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + registered.get("client_secret")).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> customer = send(client, base, "POST", "/v1/auth/sign-in", null,
                Map.of("login_id", "user2", "password", PASSWORD));
        UUID customerId = UUID.fromString((String) ((Map<?, ?>) customer.get("account")).get("id"));

        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        Consent consent = transactions.executeWrite(status -> {
            PartnerProgram program = context.getBean(PartnerProgramRepository.class).findByClientId(clientId).orElseThrow();
            Consent granted = new Consent(Ids.newId(), customerId, program.id(), SCOPES, List.of(), Instant.now(), null, null);
            context.getBean(ConsentRepository.class).insert(granted);
            return granted;
        });
        AuthorizationCodes codes = context.getBean(AuthorizationCodes.class);
        URI tokenEndpoint = base.resolve("/oauth2/token");
        String[] token = {null};
        Instant[] obtained = {Instant.MIN};
        return () -> {
            if (token[0] != null && Instant.now().isBefore(obtained[0].plus(ACCESS_TOKEN_REUSE))) {
                return token[0];
            }
            Instant now = Instant.now();
            String verifier = SecretTokens.randomBase62(64);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(SecretTokens.sha256(verifier));
            String code = transactions.executeWrite(status -> {
                Journey journey = new Journey(SecretTokens.randomBase62(32), consent.programId(), REDIRECT_URI, "bench",
                        SCOPES, SCOPES, challenge, Journey.Step.COMPLETED, customerId, SecretTokens.randomBase62(32),
                        List.of(), Map.of(), now, now.plus(Duration.ofMinutes(10)), now);
                return queryParameter(codes.issue(journey, consent), "code");
            });
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(30))
                        .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code)
                                + "&redirect_uri=" + encode(REDIRECT_URI) + "&code_verifier=" + encode(verifier)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("code exchange -> " + response.statusCode() + " " + response.body());
                }
                token[0] = stringMember(response.body(), "access_token");
                obtained[0] = now;
                return token[0];
            } catch (IOException e) {
                throw new IllegalStateException("code exchange failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("code exchange interrupted", e);
            }
        };
    }

    /**
     * Spots straight into PostgreSQL in batches of 5,000, created over the last 90 days (their
     * UUIDv7 IDs follow their creation time, as the server's own would), with addresses and
     * coordinates in Tokyo like the generator's.
     */
    private static void insertSpots(String jdbcUrl, int count) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "postgres");
        properties.setProperty("reWriteBatchedInserts", "true");
        SplittableRandom random = new SplittableRandom(20261125L);
        String[] wards = {"中央区", "千代田区", "港区", "新宿区", "渋谷区", "品川区", "江東区", "台東区", "豊島区", "墨田区"};
        Instant until = Instant.now().minus(Duration.ofHours(1));
        long span = Duration.ofDays(90).toMillis();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO rs_spot (id, code, name, name_kana, "
                     + "postal_code, prefecture, city, street, latitude, longitude, phone, version, created_at, updated_at) "
                     + "VALUES (?, ?, ?, 'ベンチ', ?, '東京都', ?, ?, ?, ?, ?, 1, ?, ?)")) {
            connection.setAutoCommit(false);
            for (int n = 0; n < count; n++) {
                Instant created = until.minusMillis(span - span * n / count);
                int ward = random.nextInt(wards.length);
                insert.setObject(1, Ids.newId(created));
                insert.setString(2, String.format("B-%06d", n + 1));
                insert.setString(3, "ベンチ商事 " + (n + 1));
                insert.setString(4, String.format("1%02d-%04d", random.nextInt(100), random.nextInt(10000)));
                insert.setString(5, wards[ward]);
                insert.setString(6, (1 + random.nextInt(9)) + "丁目" + (1 + random.nextInt(20)) + "番"
                        + (1 + random.nextInt(15)) + "号");
                insert.setObject(7, Math.round((35.62 + random.nextDouble() * 0.11) * 1e6) / 1e6, Types.DOUBLE);
                insert.setObject(8, Math.round((139.69 + random.nextDouble() * 0.13) * 1e6) / 1e6, Types.DOUBLE);
                insert.setString(9, String.format("03-%04d-%04d", random.nextInt(10000), random.nextInt(10000)));
                insert.setTimestamp(10, Timestamp.from(created));
                insert.setTimestamp(11, Timestamp.from(created));
                insert.addBatch();
                if ((n + 1) % 5_000 == 0 || n == count - 1) {
                    insert.executeBatch();
                }
            }
            connection.commit();
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE rs_spot");
            }
        }
    }

    /**
     * A server on the benchmark's database: demo data (the accounts and the Resource API data) only
     * for the start that generates it, limits raised but counted, security and limits as the
     * configuration says. (The loader takes a database without rs_user rows for empty: with demo
     * data on, a later start would insert the spots again.)
     */
    private static Map<String, Object> serverProperties(EmbeddedPostgres postgres, String data, boolean demoData,
                                                        Config config) {
        Map<String, Object> properties = new HashMap<>(postgres.datasourceProperties());
        properties.put("micronaut.server.port", -1);
        properties.put("renkei.mail.poll-interval", "1h");
        properties.put("renkei.demo-data.enabled", demoData);
        properties.put("renkei.resources.data.volume", data.equals("large") ? "large" : "demo");
        properties.put("renkei.rate-limits.burst-calls", 100_000_000);
        properties.put("renkei.rate-limits.default-daily-quota", RAISED_QUOTA);
        properties.put("renkei.rate-limits.static-token-daily-quota", RAISED_QUOTA);
        properties.put("renkei.rate-limits.enabled", config.limits);
        properties.put("micronaut.security.enabled", config.security);
        return properties;
    }

    /**
     * Freshly generated tables would be vacuumed and analysed by autovacuum in the middle of the
     * first configuration's phases, taking a core from whichever configuration runs first.
     */
    private static void settle(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE");
            statement.execute("CHECKPOINT");
        }
    }

    /** Row counts of the spot tables and rs_spot's size on disk with its indexes. */
    private static String dataSize(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             ResultSet r = connection.createStatement().executeQuery("SELECT (SELECT count(*) FROM rs_spot), "
                     + "(SELECT count(*) FROM rs_spot_contact), (SELECT count(*) FROM rs_spot_tag_link), "
                     + "(SELECT count(*) FROM rs_spot_staff), pg_size_pretty(pg_total_relation_size('rs_spot'))")) {
            r.next();
            return String.format("%,d spots, %,d contacts, %,d tag links, %,d staff assignments; rs_spot %s with its indexes",
                    r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getString(5));
        }
    }

    private static List<String> spotIds(String jdbcUrl) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             ResultSet r = connection.createStatement().executeQuery("SELECT id FROM rs_spot")) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return List.copyOf(ids);
    }

    /** Deletes the spots created since {@code mark}: the next configuration reads the same data. */
    private static int deleteCreated(String jdbcUrl, Instant mark) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM rs_spot WHERE created_at >= ?")) {
            delete.setTimestamp(1, Timestamp.from(mark));
            int deleted = delete.executeUpdate();
            connection.createStatement().execute("VACUUM ANALYZE rs_spot");
            return deleted;
        }
    }

    /**
     * The figures as a table (req/s, p50 and p99 in ms, one column per configuration and token),
     * then the targets: get-one throughput and list-200 p99 at 16 connections with auth and
     * limits on, and what auth and limits cost in throughput against (3).
     */
    private static String summary(List<Measured> measured, int[] connectionCounts) {
        List<String> variants = measured.stream().map(Measured::variant).distinct().toList();
        List<Op> ops = Arrays.stream(Op.values()).filter(op -> measured.stream().anyMatch(m -> m.op() == op)).toList();
        Map<String, LoadRunner.Result> byKey = new LinkedHashMap<>();
        measured.forEach(m -> byKey.put(key(m.variant(), m.op(), m.connections()), m.result()));
        StringBuilder out = new StringBuilder("SUMMARY req/s, p50 / p99 ms\n");
        out.append(String.format("%-17s", "operation"));
        variants.forEach(v -> out.append(String.format(" | %-34s", v)));
        out.append('\n');
        for (Op op : ops) {
            for (int connections : connectionCounts) {
                out.append(String.format("%s %2d conns", op.name, connections));
                for (String v : variants) {
                    LoadRunner.Result r = byKey.get(key(v, op, connections));
                    String cell = r == null ? "-" : String.format("%,8.0f/s %7.2f / %7.2f ms%s", r.perSecond(),
                            r.percentile(50), r.percentile(99), r.errors() > 0 ? ", " + r.errors() + " errors" : "");
                    out.append(String.format(" | %-34s", cell));
                }
                out.append('\n');
            }
        }
        String open = variants.stream().filter(v -> v.startsWith(Config.OPEN.label)).findFirst().orElse(null);
        String limitsOff = variants.stream().filter(v -> v.startsWith(Config.LIMITS_OFF.label)).findFirst().orElse(null);
        for (String v : variants.stream().filter(v -> v.startsWith(Config.AUTH.label)).toList()) {
            for (int connections : ops.contains(Op.GET_ONE) ? connectionCounts : new int[0]) {
                LoadRunner.Result get = byKey.get(key(v, Op.GET_ONE, connections));
                out.append(String.format("target get-one >= %,d req/s, %s, %d conns: %,.0f/s %s%n", GET_TARGET, v, connections,
                        get.perSecond(), get.perSecond() >= GET_TARGET && get.errors() == 0 ? "met" : "MISSED"));
            }
            LoadRunner.Result list = byKey.get(key(v, Op.LIST, 16));
            if (list != null) {
                out.append(String.format("target list-200 p99 <= %.0f ms at 16 conns, %s: %.1f ms %s%n", LIST_P99_TARGET_MS, v,
                        list.percentile(99), list.percentile(99) <= LIST_P99_TARGET_MS && list.errors() == 0 ? "met" : "MISSED"));
            }
        }
        if (open != null) {
            for (String v : variants.stream().filter(v -> !v.equals(open)).toList()) {
                boolean target = v.startsWith(Config.AUTH.label);
                out.append(String.format("cost of %s against %s, in throughput:",
                        target ? "auth + limits (" + v + ")" : "auth alone (" + v + ")", Config.OPEN.label));
                for (Op op : ops) {
                    for (int connections : connectionCounts) {
                        double cost = cost(byKey.get(key(v, op, connections)), byKey.get(key(open, op, connections)));
                        out.append(String.format(" %s %d: %.1f %%%s;", op.name.trim(), connections, cost,
                                target ? (cost <= COST_TARGET_PERCENT ? " met" : " MISSED") : ""));
                    }
                }
                out.append(target ? String.format(" (target <= %.0f %%)%n", COST_TARGET_PERCENT) : "\n");
            }
        }
        if (limitsOff != null) {
            for (String v : variants.stream().filter(v -> v.equals(Config.AUTH.label + ", static token")).toList()) {
                out.append("cost of the limits alone ((1) against (2), static token), in throughput:");
                for (Op op : ops) {
                    for (int connections : connectionCounts) {
                        out.append(String.format(" %s %d: %.1f %%;", op.name.trim(), connections,
                                cost(byKey.get(key(v, op, connections)), byKey.get(key(limitsOff, op, connections)))));
                    }
                }
                out.append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private static String key(String variant, Op op, int connections) {
        return variant + "|" + op + "|" + connections;
    }

    /** Throughput lost against the reference, in percent. */
    private static double cost(LoadRunner.Result measured, LoadRunner.Result reference) {
        if (measured == null || reference == null || reference.perSecond() == 0) {
            return Double.NaN;
        }
        return (1 - measured.perSecond() / reference.perSecond()) * 100;
    }

    private static Map<String, Object> send(HttpClient client, URI base, String method, String path, String token,
                                            Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return JSON.readValue(response.body(), Argument.mapOf(String.class, Object.class));
    }

    private static String queryParameter(String uri, String name) {
        for (String pair : URI.create(uri).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no " + name + " in " + uri);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A JSON string member, without a full parse on the load generator's cores. */
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
}
