package dev.renkei.server.support;

import dev.renkei.server.demo.DemoData;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Inject
    protected ApplicationContext context;

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

    /** The id of the live account with exactly this login ID (the search itself matches substrings). */
    protected String accountIdOf(String loginId) {
        Http.Response page = http.get("/v1/accounts?limit=200&q=" + loginId, admin());
        return page.list("items").stream().map(i -> (Map<?, ?>) i)
                .filter(i -> loginId.equals(i.get("login_id"))).map(i -> (String) i.get("id"))
                .findFirst().orElseThrow(() -> new AssertionError("no account " + loginId));
    }

    /** Picks up a pending token in the holder's session and returns the secret; fails the test otherwise. */
    protected String pickUp(String session, String tokenId) {
        Http.Response response = http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null);
        assertEquals(200, response.status(), response::toString);
        return response.str("secret");
    }

    /**
     * Rows of a query on this class's database, over plain JDBC: for what the API never shows,
     * such as the mail outbox. Column names are the keys.
     */
    protected List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection connection = connectToDatabase();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain JDBC connection to this class's database, beside the server's own pool. */
    protected Connection connectToDatabase() throws SQLException {
        return DriverManager.getConnection(
                context.getRequiredProperty("datasources.default.url", String.class),
                context.getRequiredProperty("datasources.default.username", String.class),
                context.getRequiredProperty("datasources.default.password", String.class));
    }

    /** The outbox mails to one address, oldest first. */
    protected List<Map<String, Object>> outboxMailsTo(String recipient) {
        return rows("SELECT * FROM mail_outbox WHERE recipient = ? ORDER BY created_at, id", recipient);
    }

    /** The one-time password-reset token in the newest reset mail to this address. */
    protected String resetTokenMailedTo(String recipient) {
        List<Map<String, Object>> mails = outboxMailsTo(recipient);
        assertTrue(!mails.isEmpty(), "no mail to " + recipient);
        return resetTokenIn((String) mails.get(mails.size() - 1).get("body"));
    }

    protected static String resetTokenIn(String mailBody) {
        Matcher matcher = Pattern.compile("rnk_pwr_[0-9A-Za-z]{38}").matcher(mailBody);
        assertTrue(matcher.find(), () -> "no reset link in: " + mailBody);
        return matcher.group();
    }

    protected static String uniqueLoginId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
