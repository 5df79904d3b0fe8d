package dev.renkei.server.resource.support;

import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who still refers to a Resource API row, for the {@code detail} of 409 resource-in-use. The referencing
 * tables are read from PostgreSQL's catalog rather than listed here: families added later
 * (stamps, schedules, reports...) reference users and groups in their own migrations, and a
 * delete must be refused, and explained, for those too.
 */
@Singleton
public class References {

    /** Counting stops here: the detail only needs to show that there are many. */
    private static final int COUNT_CAP = 1000;

    /** Readable names of the references this family knows; others are named after their table. */
    private static final Map<String, List<String>> LABELS = Map.of(
            "rs_group.parent_id", List.of("child group", "child groups"),
            "rs_user_membership.group_id", List.of("member", "members"),
            "rs_spot_staff.user_id", List.of("spot in their charge", "spots in their charge"));

    private record ForeignKey(String table, String column, String quotedTable, String quotedColumn) {
    }

    private final Db db;
    /** The schema only changes with a migration, before start-up: the catalog is read once per table. */
    private final Map<String, List<ForeignKey>> foreignKeys = new ConcurrentHashMap<>();

    public References(Db db) {
        this.db = db;
    }

    /** Found references: which (readable) and how many (capped). */
    public record Reference(List<String> singularAndPlural, int count) {
        @Override
        public String toString() {
            return (count >= COUNT_CAP ? "at least " + COUNT_CAP : String.valueOf(count)) + " "
                    + singularAndPlural.get(count == 1 ? 0 : 1);
        }
    }

    /**
     * The references to {@code id} in {@code table} that would block its deletion: foreign keys
     * without ON DELETE CASCADE / SET NULL (a cascading child is part of the row and goes with it).
     */
    public List<Reference> blocking(String table, UUID id) {
        List<ForeignKey> keys = foreignKeys.computeIfAbsent(table, this::blockingKeysTo);
        List<Reference> found = new ArrayList<>();
        for (ForeignKey key : keys) {
            // Identifiers come from the catalog, already quoted; only the id is a parameter.
            int count = db.one("SELECT count(*) FROM (SELECT 1 FROM " + key.quotedTable() + " WHERE "
                            + key.quotedColumn() + " = ? LIMIT " + COUNT_CAP + ") refs", s -> s.setObject(1, id),
                    r -> r.getInt(1)).orElse(0);
            if (count > 0) {
                found.add(new Reference(label(key.table(), key.column()), count));
            }
        }
        return found;
    }

    private List<ForeignKey> blockingKeysTo(String table) {
        return db.list("""
                SELECT c.conrelid::regclass::text AS quoted_table, cl.relname AS table_name,
                       a.attname AS column_name, quote_ident(a.attname) AS quoted_column
                FROM pg_constraint c
                JOIN pg_class cl ON cl.oid = c.conrelid
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f' AND c.confrelid = ?::regclass AND cardinality(c.conkey) = 1
                  AND c.confdeltype IN ('a', 'r')
                ORDER BY cl.relname, a.attname""", s -> s.setString(1, table),
                r -> new ForeignKey(r.getString("table_name"), r.getString("column_name"),
                        r.getString("quoted_table"), r.getString("quoted_column")));
    }

    /** 409 resource-in-use when anything still refers to the row; {@code advice} says what to do. */
    public void requireUnreferenced(String table, UUID id, String what, String advice) {
        List<Reference> found = blocking(table, id);
        if (!found.isEmpty()) {
            throw inUse(what + " is still referred to by " + join(found) + "; " + advice);
        }
    }

    public static ProblemException inUse(String detail) {
        return new ProblemException(ProblemType.RESOURCE_IN_USE, detail);
    }

    private static List<String> label(String table, String column) {
        List<String> known = LABELS.get(table + "." + column);
        if (known != null) {
            return known;
        }
        String name = (table.startsWith("rs_") ? table.substring(3) : table).replace('_', ' ');
        String by = " (by " + column.replace('_', ' ') + ")";
        return List.of(name + " record" + by, name + " records" + by);
    }

    private static String join(List<Reference> found) {
        List<String> parts = found.stream().map(Reference::toString).toList();
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
