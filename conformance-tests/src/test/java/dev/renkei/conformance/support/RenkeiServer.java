package dev.renkei.conformance.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.renkei.server.shared.db.EmbeddedPostgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real Renkei server, started in-process on a random port over a fresh PostgreSQL database
 * (the demo accounts are created on the empty database at startup), with its SMTP pointed at an
 * in-test GreenMail so notice and reset mails can be read.
 *
 * <p>One embedded PostgreSQL serves the whole test JVM; every {@link #start()} gets a database of
 * its own, so suites never see each other's rows.
 */
public final class RenkeiServer implements AutoCloseable {

    public static final String DEMO_PASSWORD = "renkei-demo-2026";

    private static EmbeddedPostgres postgres;

    private final GreenMail mail;
    private final EmbeddedServer server;
    private final String jdbcUrl;

    private RenkeiServer(GreenMail mail, EmbeddedServer server, String jdbcUrl) {
        this.mail = mail;
        this.server = server;
        this.jdbcUrl = jdbcUrl;
    }

    public static RenkeiServer start() {
        return start(Map.of());
    }

    /**
     * As {@link #start()}, with configuration properties on top of the defaults (for example
     * {@code renkei.rate-limits.burst-calls} for a suite that makes hundreds of calls with one token).
     */
    public static RenkeiServer start(Map<String, Object> overrides) {
        String jdbcUrl = freshDatabase();
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            Map<String, Object> properties = new HashMap<>();
            properties.put("datasources.default.url", jdbcUrl);
            properties.put("datasources.default.username", "postgres");
            properties.put("datasources.default.password", "postgres");
            // A known port before start, so the issuer in tokens and redirects is this server's own address.
            int port = freePort();
            properties.put("micronaut.server.port", port);
            properties.put("renkei.public-base-url", "http://localhost:" + port);
            properties.put("renkei.mail.smtp.host", "127.0.0.1");
            properties.put("renkei.mail.smtp.port", mail.getSmtp().getPort());
            properties.put("renkei.mail.poll-interval", "200ms");
            properties.putAll(overrides);
            EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, Environment.TEST);
            return new RenkeiServer(mail, server, jdbcUrl);
        } catch (RuntimeException e) {
            mail.stop();
            throw e;
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A bean of the running server (fixtures that no API call can produce). */
    public <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgres.startEphemeral();
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return postgres;
    }

    /** Creates an empty database in the shared server and returns its JDBC URL. */
    private static String freshDatabase() {
        String base = postgres().jdbcUrl();
        String name = "conformance_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(base, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test database", e);
        }
        return base.replaceFirst("/renkei(\\?|$)", "/" + name + "$1");
    }

    public URI baseUri() {
        return server.getURI();
    }

    public GreenMail mail() {
        return mail;
    }

    public TestClock clock() {
        return server.getApplicationContext().getBean(TestClock.class);
    }

    /** A direct connection to the server's database, for the few states no API call can produce. */
    public Connection openDatabaseConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            server.getApplicationContext().close();
        } finally {
            mail.stop();
        }
    }
}
