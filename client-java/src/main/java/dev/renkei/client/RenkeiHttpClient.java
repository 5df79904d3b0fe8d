package dev.renkei.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * The {@link HttpClient} the generated API classes send through. The generated code offers no
 * hook around a whole exchange, so this is where the facade adds what every call needs: the
 * {@code Authorization} and {@code User-Agent} headers, one token refresh on 401
 * {@code invalid_token}, retries on 429/503, and the translation of every error answer into a
 * {@link RenkeiException} before the generated code can wrap it in its own checked
 * {@code ApiException}.
 */
final class RenkeiHttpClient extends HttpClient {

    /** Sleeps between retries; replaced in tests so that no test waits for real. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient delegate;
    private final Credentials credentials;
    private final String userAgent;
    private final RetryPolicy retryPolicy;
    private final RetryListener retryListener;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    RenkeiHttpClient(HttpClient delegate, Credentials credentials, String userAgent, RetryPolicy retryPolicy,
                     RetryListener retryListener, Sleeper sleeper, DoubleSupplier random) {
        this.delegate = delegate;
        this.credentials = credentials;
        this.userAgent = userAgent;
        this.retryPolicy = retryPolicy;
        this.retryListener = retryListener;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** An error answer's body, read whole so that the exception can carry the problem. */
    private record ErrorBody(byte[] bytes) {
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse.BodyHandler<Object> errorsAsBytes = info -> info.statusCode() >= 400
                ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), ErrorBody::new)
                : (HttpResponse.BodySubscriber<Object>) handler.apply(info);
        boolean renewed = false;
        int attempt = 1;
        while (true) {
            String token = credentials.bearerToken();
            HttpResponse<Object> response = delegate.send(withHeaders(request, token), errorsAsBytes);
            int status = response.statusCode();
            if (status < 400) {
                // The body was produced by the caller's own handler, so it is a T.
                return (HttpResponse<T>) (HttpResponse<?>) response;
            }
            byte[] body = ((ErrorBody) response.body()).bytes();
            if (status == 401 && token != null && !renewed && ErrorAnswers.isInvalidToken(response.headers(), body)) {
                // The request was refused before anything happened, so it is safe to send again.
                renewed = true;
                if (credentials.renewAfterRejection(token)) {
                    continue;
                }
            }
            RenkeiException error = ErrorAnswers.toException(status, response.headers(), body);
            Optional<Duration> wait = (status == 429 || status == 503) && RetryPolicy.isRepeatable(request.method(), request.headers())
                    ? retryPolicy.delayBeforeRetry(attempt, error.retryAfter(), random)
                    : Optional.empty();
            if (wait.isEmpty()) {
                throw error;
            }
            if (retryListener != null) {
                retryListener.retrying(request.method(), request.uri(), attempt, wait.get(), error);
            }
            sleeper.sleep(wait.get());
            attempt++;
        }
    }

    private HttpRequest withHeaders(HttpRequest request, String token) {
        HttpRequest.Builder copy = HttpRequest.newBuilder(request,
                (name, value) -> !name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("User-Agent"));
        copy.header("User-Agent", userAgent);
        if (token != null) {
            copy.header("Authorization", "Bearer " + token);
        }
        return copy.build();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, delegate.executor().orElse(java.util.concurrent.ForkJoinPool.commonPool()));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /**
     * The builder handed to the generated {@code ApiClient}s: it always yields this client, so
     * every API class shares its connection pool and policies. Settings made through it are
     * ignored; configure the client through {@link RenkeiClient.Builder}.
     */
    HttpClient.Builder asBuilder() {
        RenkeiHttpClient self = this;
        return new HttpClient.Builder() {
            @Override
            public Builder cookieHandler(CookieHandler cookieHandler) {
                return this;
            }

            @Override
            public Builder connectTimeout(Duration duration) {
                return this;
            }

            @Override
            public Builder sslContext(SSLContext sslContext) {
                return this;
            }

            @Override
            public Builder sslParameters(SSLParameters sslParameters) {
                return this;
            }

            @Override
            public Builder executor(Executor executor) {
                return this;
            }

            @Override
            public Builder followRedirects(Redirect policy) {
                return this;
            }

            @Override
            public Builder version(Version version) {
                return this;
            }

            @Override
            public Builder priority(int priority) {
                return this;
            }

            @Override
            public Builder proxy(ProxySelector proxySelector) {
                return this;
            }

            @Override
            public Builder authenticator(Authenticator authenticator) {
                return this;
            }

            @Override
            public HttpClient build() {
                return self;
            }
        };
    }
}
