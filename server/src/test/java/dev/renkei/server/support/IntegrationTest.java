package dev.renkei.server.support;

import dev.renkei.server.demo.DemoData;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Base of the server's integration tests: the real server on a random port, over a fresh
 * PostgreSQL database with the demo accounts, driven through HTTP.
 * Subclasses carry {@code @MicronautTest(transactional = false)}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IntegrationTest implements TestPropertyProvider {

    protected static final String PASSWORD = DemoData.PASSWORD;

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected TestClock clock;

    protected Http http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.freshDatabase());
        properties.put("micronaut.server.port", "-1");
        properties.put("renkei.mail.poll-interval", "200ms");
        properties.putAll(extraProperties());
        return properties;
    }

    /** Overridden by tests that need more configuration (an SMTP server, say). */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    @BeforeEach
    void connect() {
        http = new Http(server.getURI());
        clock.reset();
    }

    /** Signs in and returns the session token; fails the test if sign-in fails. */
    protected String signIn(String loginId, String password) {
        Http.Response response = http.post("/v1/auth/sign-in", null, Map.of("login_id", loginId, "password", password));
        assertEquals(200, response.status(), () -> "sign-in of " + loginId + ": " + response);
        return response.str("access_token");
    }

    protected String admin() {
        return signIn("admin1", PASSWORD);
    }

    /** Creates an account through the API (as admin1) and returns its id. */
    protected String createAccount(String loginId, String password, String... flags) {
        Map<String, Object> body = new HashMap<>();
        body.put("login_id", loginId);
        body.put("name", "Holder " + loginId);
        body.put("mail", loginId + "@example.com");
        body.put("password", password);
        body.put("flags", List.of(flags));
        Http.Response response = http.post("/v1/accounts", admin(), body);
        assertEquals(201, response.status(), response::toString);
        return response.str("id");
    }

    /** Issues one token for the account (as admin1) and returns the token id. */
    protected String issueToken(String accountId) {
        Http.Response response = http.post("/v1/api-tokens/bulk-issue", admin(), Map.of("account_ids", List.of(accountId)));
        assertEquals(200, response.status(), response::toString);
        assertEquals("issued", response.str("results/0/outcome"), response::toString);
        return response.str("results/0/token_id");
    }

    protected static String uniqueLoginId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
