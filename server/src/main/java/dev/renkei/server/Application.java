package dev.renkei.server;

import dev.renkei.server.shared.db.EmbeddedPostgres;
import io.micronaut.runtime.Micronaut;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts Renkei. With no database configured ({@code DATASOURCES_DEFAULT_URL} or the
 * {@code datasources.default.url} property) it first starts an embedded PostgreSQL whose data
 * directory survives restarts, so {@code mvn -pl server mn:run} works on a bare machine.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class);
        if (!EmbeddedPostgres.isExternalDatabaseConfigured()) {
            Path dataDirectory = EmbeddedPostgres.defaultDataDirectory();
            Map<String, Object> datasource = EmbeddedPostgres.startPersistent(dataDirectory).datasourceProperties();
            micronaut.properties(datasource);
        }
        micronaut.start();
    }
}
