package dev.renkei.conformance.spec;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link HttpClient} that sends through a real one and hands every complete exchange (request
 * with its body, response with its body) to a listener before the caller sees the response.
 *
 * <p>The generated client reads responses as a stream and its interceptors never see the request
 * body, so the recording sits below it: {@link #builder} gives an {@link HttpClient.Builder} to
 * pass to {@code ApiClient.setHttpClientBuilder}. Raw requests (malformed bodies, wrong media types)
 * go through the same client, so every exchange of a flow is seen in one place.
 */
public final class RecordingHttpClient extends HttpClient {

    /** One request and its response, bodies included. */
    public record Exchange(HttpRequest request, byte[] requestBody, int status, HttpHeaders responseHeaders,
                           byte[] responseBody) {
    }

    private final HttpClient delegate;
    private final Consumer<Exchange> listener;

    public RecordingHttpClient(HttpClient delegate, Consumer<Exchange> listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    /** A builder whose {@code build()} always answers this client (the generated API classes call it). */
    public HttpClient.Builder builder() {
        return new FixedBuilder(this);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        byte[] requestBody = bodyOf(request);
        HttpResponse<byte[]> raw = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] responseBody = raw.body() == null ? new byte[0] : raw.body();
        listener.accept(new Exchange(request, requestBody, raw.statusCode(), raw.headers(), responseBody));
        return new Recorded<>(raw, deliver(raw, responseBody, handler));
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
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    /** Reads a request's body by subscribing to its publisher (byte-array and string publishers replay). */
    private static byte[] bodyOf(HttpRequest request) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        java.io.ByteArrayOutputStream collected = new java.io.ByteArrayOutputStream();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                collected.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(collected.toByteArray());
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Could not read the request body to record it", e);
        }
    }

    /** Feeds the recorded bytes to the caller's own body handler, as the real client would. */
    private static <T> T deliver(HttpResponse<byte[]> raw, byte[] body, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return raw.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return raw.headers();
            }

            @Override
            public Version version() {
                return raw.version();
            }
        };
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // everything is already here
            }

            @Override
            public void cancel() {
                // nothing to release
            }
        });
        if (body.length > 0) {
            subscriber.onNext(List.of(ByteBuffer.wrap(body)));
        }
        subscriber.onComplete();
        try {
            return subscriber.getBody().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Could not hand the recorded response body on", e);
        }
    }

    private record Recorded<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public Version version() {
            return raw.version();
        }
    }

    /** Hands out the one recording client; settings are those of the delegate. */
    private record FixedBuilder(HttpClient client) implements HttpClient.Builder {

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
            return client;
        }
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
}
