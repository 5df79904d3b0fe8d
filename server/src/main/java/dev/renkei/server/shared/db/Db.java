package dev.renkei.server.shared.db;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain SQL over the connection of the current transaction. Repositories write their SQL
 * themselves; this class only removes the JDBC ceremony around it.
 */
@Singleton
public class Db {

    private final JdbcOperations jdbc;

    public Db(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface BatchBinder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    public <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) {
        return jdbc.prepareStatement(sql, statement -> {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(mapper.map(rows));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, Binder binder, RowMapper<T> mapper) {
        List<T> rows = list(sql, binder, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Binder binder) {
        return jdbc.prepareStatement(sql, statement -> {
            binder.bind(statement);
            return statement.executeUpdate();
        });
    }

    public <T> void batch(String sql, Collection<T> items, BatchBinder<T> binder) {
        if (items.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(sql, statement -> {
            int pending = 0;
            for (T item : items) {
                binder.bind(statement, item);
                statement.addBatch();
                if (++pending == 1000) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
            return null;
        });
    }

    public Array uuidArray(Collection<UUID> ids) {
        return jdbc.execute(connection -> connection.createArrayOf("uuid", ids.toArray()));
    }

    public Array textArray(Collection<String> values) {
        return jdbc.execute(connection -> connection.createArrayOf("text", values.toArray()));
    }

    /** True when the failure is PostgreSQL's unique_violation (SQLSTATE 23505). */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    public static UUID uuid(ResultSet row, String column) throws SQLException {
        return row.getObject(column, UUID.class);
    }
}
