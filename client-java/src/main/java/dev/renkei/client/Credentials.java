package dev.renkei.client;

import java.io.IOException;

/** What the client puts in the {@code Authorization} header, and how it renews it. */
interface Credentials {

    /** @return the bearer token for the next request, or {@code null} to send none */
    String bearerToken() throws IOException, InterruptedException;

    /**
     * The server refused {@code rejected} as {@code invalid_token}.
     *
     * @return whether a different token is now available to retry with
     */
    boolean renewAfterRejection(String rejected) throws IOException, InterruptedException;

    /** A fixed token (a personal API token) or none. */
    static Credentials fixed(String token) {
        return new Credentials() {
            @Override
            public String bearerToken() {
                return token;
            }

            @Override
            public boolean renewAfterRejection(String rejected) {
                return false;
            }
        };
    }
}
