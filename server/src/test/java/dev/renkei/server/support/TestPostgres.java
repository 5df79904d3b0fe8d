package dev.renkei.server.support;

import dev.renkei.server.shared.db.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * One real PostgreSQL per test JVM (embedded binaries; nothing to install), and a fresh database
 * in it for every test class, so classes never see each other's rows.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = EmbeddedPostgres.startEphemeral();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** Creates an empty database and returns the datasource properties that point at it. */
    public static Map<String, String> freshDatabase() {
        String base = server().jdbcUrl();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(base, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = base.replaceFirst("/renkei(\\?|$)", "/" + name + "$1");
        return Map.of("datasources.default.url", url,
                "datasources.default.username", "postgres",
                "datasources.default.password", "postgres");
    }
}
