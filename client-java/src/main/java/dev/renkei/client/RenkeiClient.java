package dev.renkei.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The entry point to the Renkei APIs from Java: configures the generated API classes (packages
 * {@code dev.renkei.client.token}, {@code dev.renkei.client.authorization},
 * {@code dev.renkei.client.resource}) with the base URL, credentials, timeouts and
 * {@code User-Agent: renkei-java/<version>}, and adds what a partner program needs on top:
 *
 * <ul>
 *   <li><b>Credentials</b>: a personal API token ({@code rnk_pat_...}, sent as a bearer token per
 *       <a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a>), or OAuth 2 tokens
 *       (<a href="https://www.rfc-editor.org/rfc/rfc6749">RFC 6749</a>) that are refreshed
 *       automatically shortly before the access token expires or when the server refuses it
 *       ({@code 401 invalid_token}). Renkei rotates the refresh token on every refresh; the
 *       client swaps it atomically, never refreshes the same token twice however many threads
 *       call at once, and reports each new pair to a {@link TokenListener} so that the program
 *       can persist it.</li>
 *   <li><b>Retries</b> on 429 (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-4">RFC
 *       6585</a>) and 503 for requests that are safe to repeat, honouring {@code Retry-After}
 *       (<a href="https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3">RFC 9110</a>); see
 *       {@link RetryPolicy}.</li>
 *   <li><b>One exception</b>: every error answer becomes a {@link RenkeiException} carrying the
 *       RFC 9457 problem (<a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>). The
 *       generated methods still declare their checked {@code ApiException}; wrap calls in
 *       {@link #call(ApiCall)} or {@link #run(ApiRun)} and it never reaches your code.</li>
 *   <li><b>Paging</b> over every list: {@link Pages}.</li>
 * </ul>
 *
 * <pre>{@code
 * RenkeiClient client = RenkeiClient.builder()
 *         .baseUrl(URI.create("https://api.example.com"))
 *         .apiToken(System.getenv("RENKEI_API_TOKEN"))
 *         .build();
 * Me me = client.call(() -> client.api(MeApi.class).getMe());
 * }</pre>
 *
 * <p>A client is thread-safe; create one per set of credentials and share it.
 */
public final class RenkeiClient {

    /** The version of this library, as sent in {@code User-Agent}. */
    public static final String VERSION = readVersion();

    private final URI baseUrl;
    private final RenkeiHttpClient http;
    private final OAuthSession oauth;
    private final dev.renkei.client.token.ApiClient tokenIssuance;
    private final dev.renkei.client.authorization.ApiClient authorization;
    private final dev.renkei.client.resource.ApiClient resources;
    private final Map<Class<?>, Object> apis = new ConcurrentHashMap<>();

    private RenkeiClient(Builder builder) {
        this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl");
        HttpClient.Builder transport = HttpClient.newBuilder().connectTimeout(builder.connectTimeout);
        if (builder.cookieHandler != null) {
            transport.cookieHandler(builder.cookieHandler);
        }
        HttpClient plain = transport.build();
        String userAgent = "renkei-java/" + VERSION;
        if (builder.oauthTokens != null) {
            oauth = new OAuthSession(plain, baseUrl, builder.clientId, builder.clientSecret, builder.oauthTokens,
                    builder.tokenListener, userAgent, builder.requestTimeout, builder.clock, builder.refreshAhead);
        } else {
            oauth = null;
        }
        Credentials credentials = oauth != null ? oauth : Credentials.fixed(builder.apiToken);
        this.http = new RenkeiHttpClient(plain, credentials, userAgent, builder.retryPolicy, builder.retryListener,
                builder.sleeper, builder.random);
        String base = baseUrl.toString().replaceAll("/+$", "");
        HttpClient.Builder shared = http.asBuilder();
        tokenIssuance = new dev.renkei.client.token.ApiClient(shared,
                dev.renkei.client.token.ApiClient.createDefaultObjectMapper(), base);
        tokenIssuance.setReadTimeout(builder.requestTimeout);
        authorization = new dev.renkei.client.authorization.ApiClient(shared,
                dev.renkei.client.authorization.ApiClient.createDefaultObjectMapper(), base);
        authorization.setReadTimeout(builder.requestTimeout);
        resources = new dev.renkei.client.resource.ApiClient(shared,
                dev.renkei.client.resource.ApiClient.createDefaultObjectMapper(), base);
        resources.setReadTimeout(builder.requestTimeout);
    }

    /** @return a builder; {@link Builder#baseUrl(URI)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A generated API class of any of the three APIs, configured for this client, for example
     * {@code client.api(SpotsApi.class)} or {@code client.api(MeApi.class)}. Instances are cached
     * and thread-safe.
     *
     * @param type a class from {@code dev.renkei.client.token.api},
     *             {@code dev.renkei.client.authorization.api} or {@code dev.renkei.client.resource.api}
     * @param <T>  the API class
     * @return the configured instance
     */
    public <T> T api(Class<T> type) {
        return type.cast(apis.computeIfAbsent(type, this::instantiate));
    }

    private Object instantiate(Class<?> type) {
        Object apiClient = apiClientFor(type.getPackageName());
        try {
            return type.getConstructor(apiClient.getClass()).newInstance(apiClient);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Renkei API class", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Could not create " + type.getName(), e.getCause());
        }
    }

    private Object apiClientFor(String packageName) {
        switch (packageName) {
            case "dev.renkei.client.token.api":
                return tokenIssuance;
            case "dev.renkei.client.authorization.api":
                return authorization;
            case "dev.renkei.client.resource.api":
                return resources;
            default:
                throw new IllegalArgumentException(packageName + " holds no generated Renkei API class");
        }
    }

    /** @return the configured generated client of the token-issuance API (for {@code new XxxApi(...)}) */
    public dev.renkei.client.token.ApiClient tokenIssuanceApiClient() {
        return tokenIssuance;
    }

    /** @return the configured generated client of the authorization API's JSON operations */
    public dev.renkei.client.authorization.ApiClient authorizationApiClient() {
        return authorization;
    }

    /** @return the configured generated client of the Resource API */
    public dev.renkei.client.resource.ApiClient resourcesApiClient() {
        return resources;
    }

    /** @return the base URL the client calls */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * @return the current OAuth tokens (after any refresh), or {@code null} for a client that
     *         does not use OAuth
     */
    public OAuthTokens oauthTokens() {
        return oauth == null ? null : oauth.tokens();
    }

    /**
     * Refreshes the OAuth tokens now (the client otherwise does it by itself), for example to
     * check stored tokens at start-up. The {@link TokenListener} is told as for any refresh.
     *
     * @return the new tokens
     * @throws AuthenticationException when the refresh token no longer works
     * @throws IllegalStateException   when the client does not use OAuth
     */
    public OAuthTokens refreshOAuthTokens() {
        if (oauth == null) {
            throw new IllegalStateException("This client was built without OAuth tokens");
        }
        return call(() -> {
            oauth.refreshUnlessReplaced(oauth.tokens().accessToken());
            return oauth.tokens();
        });
    }

    /**
     * Exchanges an authorization code for the first tokens of a consent
     * (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3">RFC 6749 §4.1.3</a>, with the
     * PKCE verifier of <a href="https://www.rfc-editor.org/rfc/rfc7636#section-4.5">RFC 7636
     * §4.5</a>) at {@code POST /oauth2/token}. Pass the result to
     * {@link Builder#oauth(String, String, OAuthTokens, TokenListener)}. A code works once, for
     * 60 seconds.
     *
     * @param baseUrl      the server's base URL
     * @param clientId     the program's client ID
     * @param clientSecret the program's secret, or {@code null} for a public program
     * @param code         the {@code code} the authorization redirect carried
     * @param redirectUri  the same redirect URI as in the authorization request
     * @param codeVerifier the PKCE code verifier
     * @return the tokens
     * @throws RenkeiException with {@link RenkeiException#type()} {@code invalid_grant} when the
     *                         code is unknown, expired, already used or the verifier does not match
     */
    public static OAuthTokens exchangeAuthorizationCode(URI baseUrl, String clientId, String clientSecret, String code,
                                                        String redirectUri, String codeVerifier) {
        Builder defaults = builder();
        HttpClient http = HttpClient.newBuilder().connectTimeout(defaults.connectTimeout).build();
        String form = OAuthSession.form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "code_verifier", codeVerifier);
        return call0(() -> OAuthSession.requestTokens(http, baseUrl.resolve("/oauth2/token"), clientId, clientSecret,
                "renkei-java/" + VERSION, defaults.requestTimeout, defaults.clock, form));
    }

    private static <T> T call0(ApiCall<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw translate(e);
        }
    }

    /**
     * Runs a generated API call and returns its result, turning the generated checked
     * {@code ApiException} (and any transport failure) into a {@link RenkeiException}.
     *
     * @param call for example {@code () -> spots.getSpot(id)}
     * @param <T>  the result type
     * @return what the call returned
     * @throws RenkeiException on every failure
     */
    public <T> T call(ApiCall<T> call) {
        return call0(call);
    }

    /**
     * As {@link #call(ApiCall)}, for operations without a result (deletes, say).
     *
     * @param run for example {@code () -> spots.deleteSpot(id, etag)}
     * @throws RenkeiException on every failure
     */
    public void run(ApiRun run) {
        call(() -> {
            run.run();
            return null;
        });
    }

    /** A call of a generated API method that returns a value. */
    @FunctionalInterface
    public interface ApiCall<T> {
        /**
         * @return the result
         * @throws Exception the generated {@code ApiException}, or anything else
         */
        T call() throws Exception;
    }

    /** A call of a generated API method without a result. */
    @FunctionalInterface
    public interface ApiRun {
        /** @throws Exception the generated {@code ApiException}, or anything else */
        void run() throws Exception;
    }

    /**
     * Maps anything a generated call throws to a {@link RenkeiException}. Error answers already
     * arrive as {@link RenkeiException}; what remains are the generated {@code ApiException}s for
     * local mistakes (a missing required parameter) and transport failures.
     */
    static RenkeiException translate(Exception e) {
        if (e instanceof RenkeiException renkei) {
            return renkei;
        }
        Throwable cause = e.getCause();
        if (cause instanceof RenkeiException renkei) {
            return renkei;
        }
        if (e instanceof InterruptedException || cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new RenkeiException("The call was interrupted", e);
        }
        if (e instanceof dev.renkei.client.token.ApiException
                || e instanceof dev.renkei.client.authorization.ApiException
                || e instanceof dev.renkei.client.resource.ApiException) {
            Throwable root = cause != null ? cause : e;
            String message = root instanceof com.fasterxml.jackson.core.JacksonException
                    ? "The answer could not be read: " + root.getMessage()
                    : root instanceof IOException ? "Renkei could not be reached: " + root.getMessage() : e.getMessage();
            // Keep the transport failure as the cause; the generated wrapper adds nothing.
            return new RenkeiException(message, cause);
        }
        if (e instanceof IOException) {
            return new RenkeiException("Renkei could not be reached: " + e.getMessage(), e);
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new RenkeiException(e.getMessage(), e);
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = RenkeiClient.class.getResourceAsStream("renkei-client.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    /**
     * Configures a {@link RenkeiClient}. Only {@link #baseUrl(URI)} is required; without
     * credentials the client sends no {@code Authorization} header (for sign-in and the
     * authorization journey).
     */
    public static final class Builder {

        private URI baseUrl;
        private String apiToken;
        private String clientId;
        private String clientSecret;
        private OAuthTokens oauthTokens;
        private TokenListener tokenListener;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration refreshAhead = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private RetryListener retryListener;
        private CookieHandler cookieHandler;
        private Clock clock = Clock.systemUTC();
        private RenkeiHttpClient.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /**
         * @param baseUrl the server's base URL, for example {@code https://api.example.com}
         * @return this builder
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * Authenticates with a personal API token (the secret picked up once, {@code rnk_pat_...}).
         *
         * @param apiToken the token
         * @return this builder
         */
        public Builder apiToken(String apiToken) {
            this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
            this.oauthTokens = null;
            return this;
        }

        /**
         * Authenticates with OAuth 2 tokens of a consent, refreshed automatically with the
         * refresh-token grant (RFC 6749 §6) at {@code POST /oauth2/token}. With a client secret
         * the program authenticates by HTTP Basic ({@code client_secret_basic}); a public program
         * (no secret) sends its {@code client_id} only.
         *
         * <p>The access token's expiry is unknown here, so the first refresh happens when the
         * server refuses it; use {@link #oauth(String, String, OAuthTokens, TokenListener)} with
         * an {@code expiresAt} to refresh ahead of time instead.
         *
         * @param clientId     the program's client ID
         * @param clientSecret the program's secret, or {@code null} for a public program
         * @param accessToken  the current access token
         * @param refreshToken the current refresh token
         * @param listener     told about every refresh, to persist the rotated refresh token; may be {@code null}
         * @return this builder
         */
        public Builder oauth(String clientId, String clientSecret, String accessToken, String refreshToken,
                             TokenListener listener) {
            return oauth(clientId, clientSecret, new OAuthTokens(accessToken, refreshToken, null, null), listener);
        }

        /**
         * As {@link #oauth(String, String, String, String, TokenListener)}, with tokens whose
         * expiry may be known.
         *
         * @param clientId     the program's client ID
         * @param clientSecret the program's secret, or {@code null} for a public program
         * @param tokens       the current tokens
         * @param listener     told about every refresh; may be {@code null}
         * @return this builder
         */
        public Builder oauth(String clientId, String clientSecret, OAuthTokens tokens, TokenListener listener) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = clientSecret;
            this.oauthTokens = Objects.requireNonNull(tokens, "tokens");
            this.tokenListener = listener;
            this.apiToken = null;
            return this;
        }

        /**
         * @param refreshAhead how long before the access token's expiry to refresh it (default 30 s)
         * @return this builder
         */
        public Builder refreshAhead(Duration refreshAhead) {
            this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
            return this;
        }

        /**
         * @param connectTimeout the TCP connect timeout (default 10 s)
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * @param requestTimeout the timeout of each request, retries not included (default 30 s)
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * @param retryPolicy when to retry 429 and 503 answers (default {@link RetryPolicy#DEFAULT})
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * @param maxAttempts sends in all per request, the first one included (1 disables retries)
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.retryPolicy = retryPolicy.withMaxAttempts(maxAttempts);
            return this;
        }

        /**
         * @param retryListener told before each retry; may be {@code null}
         * @return this builder
         */
        public Builder retryListener(RetryListener retryListener) {
            this.retryListener = retryListener;
            return this;
        }

        /**
         * Keeps cookies between calls, which the authorization journey API needs (its session
         * cookie), for example {@code new java.net.CookieManager()}.
         *
         * @param cookieHandler the cookie store; may be {@code null}
         * @return this builder
         */
        public Builder cookieHandler(CookieHandler cookieHandler) {
            this.cookieHandler = cookieHandler;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        Builder sleeper(RenkeiHttpClient.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        /** @return the client */
        public RenkeiClient build() {
            return new RenkeiClient(this);
        }
    }
}
