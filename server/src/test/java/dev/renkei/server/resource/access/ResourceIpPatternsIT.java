package dev.renkei.server.resource.access;

import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An operator who restricts the server to some client addresses
 * ({@code micronaut.security.ip-patterns}) restricts the Resource API too, whether a token is
 * decided by the framework's chain or by the security filter's cached path. The whole 127/8
 * block is this machine's loopback, so a socket bound to 127.0.0.2 is another client.
 */
@MicronautTest(transactional = false)
class ResourceIpPatternsIT extends IntegrationTest {

    private static final String SPOTS = "/v1/resources/spots?limit=1";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.security.ip-patterns", "127\\.0\\.0\\.1");
    }

    @Test
    void resourceCallWhenAddressOutsideIpPatternsThenForbiddenEvenWithCachedToken() throws IOException {
        String loginId = uniqueLoginId("ipbatch");
        String accountId = createAccount(loginId, "ip-patterns-2026");
        String token = pickUp(signIn(loginId, "ip-patterns-2026"), issueToken(accountId));

        assertEquals(200, statusFrom("127.0.0.1", token), "an allowed address");
        assertEquals(200, http.get(SPOTS, token).status(), "the token is cached now");
        assertEquals(403, statusFrom("127.0.0.2", token), "another address, the token decided from the cache");
        assertEquals(200, statusFrom("127.0.0.1", token));
    }

    /** The status of a spot list sent from {@code sourceAddress}; the JDK's HttpClient cannot choose it. */
    private int statusFrom(String sourceAddress, String token) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + SPOTS + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
