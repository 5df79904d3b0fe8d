package dev.renkei.server.resource.sorting;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Spot sorting structures (スポット仕分け構造定義情報, read) and their nodes (スポット仕分け構造情報:
 * read, update). A node's level is its depth, so a move only ever goes under another node of the
 * level above and can never make a cycle. A spot sits in at most one node per structure. Updates
 * are guarded by {@code If-Match} (RFC 9110 §13.1.1) on the node's version.
 */
@Singleton
public class SortingService {

    private final SortingRepository sorting;
    private final Clock clock;

    public SortingService(SortingRepository sorting, Clock clock) {
        this.sorting = sorting;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<SortingDefinition> listDefinitions(@Nullable String cursor, int limit) {
        String scope = Cursor.scope("spot-sorting-definitions");
        Cursor after = Cursor.decode(cursor, scope);
        List<SortingDefinition> rows = sorting.listDefinitions(after == null ? null : after.id(), limit + 1);
        return Page.of(rows, limit, d -> new Cursor(d.id().toString(), d.id(), scope));
    }

    @Transactional(readOnly = true)
    public SortingDefinition getDefinition(UUID id) {
        return sorting.findDefinition(id).orElseThrow(() -> ProblemException.notFound("Spot sorting structure " + id));
    }

    @Transactional(readOnly = true)
    public Page<SortingNode> listNodes(@Nullable UUID definitionId, @Nullable UUID parentId, @Nullable UUID spotId,
                                       @Nullable String cursor, int limit) {
        String scope = Cursor.scope("spot-sorting-nodes", definitionId, parentId, spotId);
        Cursor after = Cursor.decode(cursor, scope);
        List<SortingNode> rows = sorting.listNodes(definitionId, parentId, spotId, after == null ? null : after.id(),
                limit + 1);
        return Page.of(rows, limit, n -> new Cursor(n.id().toString(), n.id(), scope));
    }

    @Transactional(readOnly = true)
    public SortingNode getNode(UUID id) {
        return sorting.findNode(id, false).orElseThrow(() -> notFound(id));
    }

    /** Renames, reorders, moves and reassigns spots in one step; nothing changes unless all of it is valid. */
    @Transactional
    public SortingNode updateNode(UUID id, SortingNode.Changes changes, @Nullable String ifMatch) {
        SortingNode current = sorting.findNode(id, true).orElseThrow(() -> notFound(id));
        ETags.requireMatch(ifMatch, current.version(), "sorting node");
        String name = changes.name() == null ? current.name() : checkName(changes.name());
        int sortOrder = changes.sortOrder() == null ? current.sortOrder() : changes.sortOrder();
        UUID parentId = changes.parentId() == null ? current.parentId() : checkParent(current, changes.parentId());
        List<UUID> spotIds = changes.spotIds() == null ? null : checkSpots(current, changes.spotIds());
        if ((!name.equals(current.name()) || !Objects.equals(parentId, current.parentId()))
                && sorting.nameTaken(current.definitionId(), parentId, name, id)) {
            throw nameTaken(name);
        }
        Instant now = clock.instant();
        try {
            if (!sorting.update(id, name, sortOrder, parentId, current.version(), now)) {
                throw ETags.changedSinceRead("sorting node");
            }
            if (spotIds != null) {
                sorting.replaceSpots(id, current.definitionId(), spotIds, now);
            }
        } catch (RuntimeException e) {
            // A concurrent rename or assignment slipped between the checks above and the write.
            if (Db.isUniqueViolation(e)) {
                throw new ProblemException(ProblemType.ALREADY_EXISTS,
                        "Another node took this name or one of these spots meanwhile; read again and retry");
            }
            throw e;
        }
        return getNode(id);
    }

    private static String checkName(String name) {
        if (name.isBlank()) {
            throw ProblemException.invalid("/name", "must not be blank");
        }
        return name.strip();
    }

    private UUID checkParent(SortingNode node, UUID parentId) {
        if (node.depth() == 0) {
            throw ProblemException.invalid("/parent_id", "A node of the top level has no parent");
        }
        return sorting.findNode(parentId, false)
                .filter(p -> p.definitionId().equals(node.definitionId()) && p.depth() == node.depth() - 1)
                .map(SortingNode::id)
                .orElseThrow(() -> ProblemException.invalid("/parent_id",
                        "No node of the level above in this structure has this ID"));
    }

    private List<UUID> checkSpots(SortingNode node, List<UUID> spotIds) {
        if (!node.isLastLevel()) {
            throw ProblemException.invalid("/spot_ids", "Spots are assigned to nodes of the last level only; this node is a "
                    + node.levelName());
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < spotIds.size(); i++) {
            if (spotIds.get(i) == null) {
                throw ProblemException.invalid("/spot_ids/" + i, "must be a spot ID, not null");
            }
            if (!seen.add(spotIds.get(i))) {
                throw ProblemException.invalid("/spot_ids/" + i, "is listed twice");
            }
        }
        Set<UUID> existing = sorting.existingSpots(spotIds);
        for (int i = 0; i < spotIds.size(); i++) {
            if (!existing.contains(spotIds.get(i))) {
                throw ProblemException.invalid("/spot_ids/" + i, "no such spot");
            }
        }
        List<SortingRepository.Assignment> elsewhere = sorting.assignedElsewhere(node.definitionId(), node.id(), spotIds);
        if (!elsewhere.isEmpty()) {
            SortingRepository.Assignment first = elsewhere.get(0);
            throw new ProblemException(ProblemType.ALREADY_EXISTS, "Spot " + first.spotId() + " is already sorted into node "
                    + first.nodeId() + " (" + first.nodeName() + ") of this structure"
                    + (elsewhere.size() > 1 ? ", and " + (elsewhere.size() - 1) + " more of these spots are elsewhere" : "")
                    + "; remove them there first");
        }
        return List.copyOf(spotIds);
    }

    private static ProblemException nameTaken(String name) {
        return new ProblemException(ProblemType.ALREADY_EXISTS,
                "Another node under the same parent is already named " + name);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Spot sorting node " + id);
    }
}
