package dev.renkei.server.resource.sorting;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for sorting structures, their nodes and the spots assigned to nodes. */
@Singleton
public class SortingRepository {

    private static final String NODE = "SELECT n.*, d.levels[n.depth + 1] AS level_name, "
            + "cardinality(d.levels) AS level_count, "
            + "ARRAY(SELECT s.spot_id FROM rs_sorting_node_spot s WHERE s.node_id = n.id ORDER BY s.position) AS spot_ids "
            + "FROM rs_sorting_node n JOIN rs_sorting_definition d ON d.id = n.definition_id";

    /** A spot already sorted into another node of the same structure. */
    public record Assignment(UUID spotId, UUID nodeId, String nodeName) {
    }

    private final Db db;

    public SortingRepository(Db db) {
        this.db = db;
    }

    public List<SortingDefinition> listDefinitions(@Nullable UUID afterId, int limit) {
        return db.list("SELECT * FROM rs_sorting_definition WHERE (?::uuid IS NULL OR id > ?::uuid) ORDER BY id LIMIT ?", s -> {
            s.setObject(1, afterId);
            s.setObject(2, afterId);
            s.setInt(3, limit);
        }, SortingRepository::mapDefinition);
    }

    public Optional<SortingDefinition> findDefinition(UUID id) {
        return db.one("SELECT * FROM rs_sorting_definition WHERE id = ?", s -> s.setObject(1, id),
                SortingRepository::mapDefinition);
    }

    /** Keyset-paged on id (creation order). */
    public List<SortingNode> listNodes(@Nullable UUID definitionId, @Nullable UUID parentId, @Nullable UUID spotId,
                                       @Nullable UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder(NODE).append(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (definitionId != null) {
            sql.append(" AND n.definition_id = ?");
            args.add(definitionId);
        }
        if (parentId != null) {
            sql.append(" AND n.parent_id = ?");
            args.add(parentId);
        }
        if (spotId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM rs_sorting_node_spot f WHERE f.node_id = n.id AND f.spot_id = ?)");
            args.add(spotId);
        }
        if (afterId != null) {
            sql.append(" AND n.id > ?");
            args.add(afterId);
        }
        sql.append(" ORDER BY n.id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, SortingRepository::mapNode);
    }

    /** The node; {@code forUpdate} locks it so that concurrent updates queue behind this one. */
    public Optional<SortingNode> findNode(UUID id, boolean forUpdate) {
        return db.one(NODE + " WHERE n.id = ?" + (forUpdate ? " FOR UPDATE OF n" : ""), s -> s.setObject(1, id),
                SortingRepository::mapNode);
    }

    public boolean nameTaken(UUID definitionId, @Nullable UUID parentId, String name, UUID except) {
        return db.one("SELECT 1 FROM rs_sorting_node WHERE definition_id = ? AND parent_id IS NOT DISTINCT FROM ? "
                + "AND name = ? AND id <> ?", s -> {
            s.setObject(1, definitionId);
            s.setObject(2, parentId);
            s.setString(3, name);
            s.setObject(4, except);
        }, r -> 1).isPresent();
    }

    public Set<UUID> existingSpots(List<UUID> spotIds) {
        if (spotIds.isEmpty()) {
            return Set.of();
        }
        Array ids = db.uuidArray(spotIds);
        return new HashSet<>(db.list("SELECT id FROM rs_spot WHERE id = ANY (?)", s -> s.setArray(1, ids),
                r -> r.getObject(1, UUID.class)));
    }

    public List<Assignment> assignedElsewhere(UUID definitionId, UUID nodeId, List<UUID> spotIds) {
        if (spotIds.isEmpty()) {
            return List.of();
        }
        Array ids = db.uuidArray(spotIds);
        return db.list("SELECT s.spot_id, n.id, n.name FROM rs_sorting_node_spot s JOIN rs_sorting_node n ON n.id = s.node_id "
                + "WHERE s.definition_id = ? AND s.node_id <> ? AND s.spot_id = ANY (?) ORDER BY s.spot_id", stmt -> {
            stmt.setObject(1, definitionId);
            stmt.setObject(2, nodeId);
            stmt.setArray(3, ids);
        }, r -> new Assignment(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3)));
    }

    /** Writes name, order and parent if the node still has {@code expected} version. */
    public boolean update(UUID id, String name, int sortOrder, @Nullable UUID parentId, long expected, Instant now) {
        return db.update("UPDATE rs_sorting_node SET name = ?, sort_order = ?, parent_id = ?, version = version + 1, "
                + "updated_at = ? WHERE id = ? AND version = ?", s -> {
            s.setString(1, name);
            s.setInt(2, sortOrder);
            s.setObject(3, parentId);
            s.setTimestamp(4, ts(now));
            s.setObject(5, id);
            s.setLong(6, expected);
        }) == 1;
    }

    /** Makes {@code spotIds} the node's spots in this order; spots that stay keep their assignment time. */
    public void replaceSpots(UUID nodeId, UUID definitionId, List<UUID> spotIds, Instant now) {
        Array ids = db.uuidArray(spotIds);
        db.update("DELETE FROM rs_sorting_node_spot WHERE node_id = ? AND NOT (spot_id = ANY (?))", s -> {
            s.setObject(1, nodeId);
            s.setArray(2, ids);
        });
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < spotIds.size(); i++) {
            positions.add(i);
        }
        db.batch("INSERT INTO rs_sorting_node_spot (node_id, definition_id, spot_id, position, assigned_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (node_id, spot_id) DO UPDATE SET position = EXCLUDED.position",
                positions, (s, i) -> {
                    s.setObject(1, nodeId);
                    s.setObject(2, definitionId);
                    s.setObject(3, spotIds.get(i));
                    s.setInt(4, i);
                    s.setTimestamp(5, ts(now));
                });
    }

    private static SortingDefinition mapDefinition(ResultSet r) throws SQLException {
        return new SortingDefinition(r.getObject("id", UUID.class), r.getString("name"), r.getString("description"),
                Arrays.asList((String[]) r.getArray("levels").getArray()), r.getLong("version"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }

    private static SortingNode mapNode(ResultSet r) throws SQLException {
        return new SortingNode(r.getObject("id", UUID.class), r.getObject("definition_id", UUID.class),
                r.getObject("parent_id", UUID.class), r.getInt("depth"), r.getString("level_name"), r.getInt("level_count"),
                r.getString("name"), r.getInt("sort_order"), Arrays.asList((UUID[]) r.getArray("spot_ids").getArray()),
                r.getLong("version"), instant(r, "created_at"), instant(r, "updated_at"));
    }
}
