package dev.renkei.server.resource.activity.data;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} (text format), over the connection of the
 * current transaction. The large volume is a million and a half rows: one COPY per chunk costs
 * the server what an INSERT ... SELECT would, where a JDBC batch pays a statement per row and took
 * several times as long.
 */
final class CopyIn {

    private final StringBuilder rows = new StringBuilder(1 << 20);
    private final String sql;
    private int count;
    private boolean firstField = true;

    CopyIn(String table, String columns) {
        this.sql = "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    CopyIn add(@Nullable Object value) {
        if (!firstField) {
            rows.append('\t');
        }
        firstField = false;
        if (value == null) {
            rows.append("\\N");
            return this;
        }
        String text = value.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
        return this;
    }

    void endRow() {
        rows.append('\n');
        firstField = true;
        count++;
    }

    int size() {
        return count;
    }

    void flush(JdbcOperations jdbc) {
        if (count == 0) {
            return;
        }
        String data = rows.toString();
        jdbc.execute(connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        rows.setLength(0);
        count = 0;
    }
}
