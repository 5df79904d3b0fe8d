package dev.renkei.client;

import java.net.URI;
import java.time.Duration;

/**
 * Told before each retry of a request answered 429 or 503 (for logging and metrics).
 */
@FunctionalInterface
public interface RetryListener {

    /**
     * @param method  the HTTP method
     * @param uri     the request URI
     * @param attempt the number of the attempt that failed (1 for the first send)
     * @param wait    how long the client waits before sending again
     * @param error   the error answer of the failed attempt
     */
    void retrying(String method, URI uri, int attempt, Duration wait, RenkeiException error);
}
