package dev.renkei.conformance.support;

import dev.renkei.client.token.ApiClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** Configured instances of the generated client, as a partner would set one up. */
public final class Clients {

    private final URI baseUri;
    private final HttpClient.Builder http;

    /** Clients that send through the given builder's client (a recording one, say). */
    public Clients(URI baseUri, HttpClient.Builder http) {
        this.baseUri = baseUri;
        this.http = http;
    }

    public Clients(URI baseUri) {
        this(baseUri, null);
    }

    /** A client that sends {@code Authorization: Bearer <token>} on every call. */
    public ApiClient bearer(String token) {
        ApiClient client = anonymous();
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    /** A client that sends no credentials. */
    public ApiClient anonymous() {
        ApiClient client = new ApiClient();
        if (http != null) {
            client.setHttpClientBuilder(http);
        }
        client.updateBaseUri(baseUri.toString());
        client.setReadTimeout(Duration.ofSeconds(60));
        return client;
    }
}
