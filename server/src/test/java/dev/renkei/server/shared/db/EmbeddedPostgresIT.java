package dev.renkei.server.shared.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresIT {

    @Test
    void startPersistentWhenRestartedThenDataSurvives(@TempDir Path dataDirectory) throws Exception {
        try (EmbeddedPostgres first = EmbeddedPostgres.startPersistent(dataDirectory);
             Connection connection = DriverManager.getConnection(first.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (value text)");
            statement.execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedPostgres second = EmbeddedPostgres.startPersistent(dataDirectory);
             Connection connection = DriverManager.getConnection(second.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
            assertTrue(rows.next());
            assertEquals("still here", rows.getString(1));
        }
    }
}
