package dev.renkei.server.resource.organization;

import dev.renkei.server.resource.support.Patches;
import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.resource.support.References;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.idempotency.IdempotencyStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Groups of the Resource API (グループ情報): a tree that users belong to. Writes follow the
 * contract's rules: Idempotency-Key on create (draft-ietf-httpapi-idempotency-key-header),
 * If-Match on update and delete (RFC 9110 §13.1.1), and 409 resource-in-use instead of
 * deleting a group that still has children or members.
 */
@Singleton
public class GroupService {

    /** A new group as the partner sent it; serialisable because its hash keys idempotent retries. */
    @Serdeable
    public record Draft(@Nullable String code, String name, @Nullable UUID parentId, @Nullable Integer sortOrder) {
    }

    /**
     * Changes to a group; null members stay as they are. An empty {@code code} clears it, an
     * empty {@code parentId} moves the group to the top of the tree.
     */
    public record Changes(@Nullable String code, @Nullable String name, @Nullable String parentId,
                          @Nullable Integer sortOrder) {
    }

    private final GroupRepository groups;
    private final References references;
    private final IdempotencyStore idempotency;
    private final Clock clock;

    public GroupService(GroupRepository groups, References references, IdempotencyStore idempotency, Clock clock) {
        this.groups = groups;
        this.references = references;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<OrgGroup> list(@Nullable UUID parentId, @Nullable String q, @Nullable String cursor, int limit) {
        String scope = Cursor.scope("groups", parentId, q);
        Cursor after = Cursor.decode(cursor, scope);
        List<OrgGroup> rows = groups.list(parentId, q, after == null ? null : after.id(), limit + 1);
        return Page.of(rows, limit, g -> new Cursor("", g.id(), scope));
    }

    @Transactional(readOnly = true)
    public OrgGroup get(UUID id) {
        return groups.find(id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public OrgGroup create(UUID actor, Draft draft, @Nullable String idempotencyKey) {
        return idempotency.execute(actor, "resources.groups.create", idempotencyKey, draft, Argument.of(OrgGroup.class),
                () -> insert(draft));
    }

    private OrgGroup insert(Draft draft) {
        String name = requireName(draft.name());
        if (draft.code() != null && groups.codeTaken(draft.code(), null)) {
            throw codeTaken(draft.code());
        }
        if (draft.parentId() != null) {
            // Locked against a concurrent delete of the parent between this check and the insert.
            groups.lock(draft.parentId())
                    .orElseThrow(() -> ProblemException.invalid("/parent_id", "No group has the ID " + draft.parentId()));
        }
        Instant now = clock.instant();
        OrgGroup group = new OrgGroup(Ids.newId(), draft.code(), name, draft.parentId(),
                draft.sortOrder() == null ? 0 : draft.sortOrder(), 1, now, now);
        try {
            groups.insert(group);
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                throw codeTaken(draft.code());
            }
            throw e;
        }
        return group;
    }

    @Transactional
    public OrgGroup update(UUID id, @Nullable String ifMatch, Changes changes) {
        OrgGroup current = groups.lock(id).orElseThrow(() -> notFound(id));
        ETags.requireMatch(ifMatch, current.version(), "group");
        String code = Patches.text(changes.code(), current.code());
        if (changes.code() != null) {
            if (code != null && groups.codeTaken(code, id)) {
                throw codeTaken(code);
            }
        }
        UUID parentId = current.parentId();
        if (changes.parentId() != null) {
            parentId = changes.parentId().isEmpty() ? null : parseId(changes.parentId());
            if (parentId != null && !parentId.equals(current.parentId())) {
                groups.lockTree();
                if (!groups.exists(parentId)) {
                    throw ProblemException.invalid("/parent_id", "No group has the ID " + parentId);
                }
                if (groups.isSelfOrDescendant(parentId, id)) {
                    throw ProblemException.invalid("/parent_id",
                            "A group cannot move below itself or one of its own subgroups");
                }
            }
        }
        OrgGroup updated = new OrgGroup(id, code, changes.name() == null ? current.name() : requireName(changes.name()),
                parentId, changes.sortOrder() == null ? current.sortOrder() : changes.sortOrder(), current.version() + 1,
                current.createdAt(), clock.instant());
        if (sameContent(current, updated)) {
            return current;
        }
        try {
            groups.update(updated, current.version());
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                throw codeTaken(code);
            }
            if (SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION)) {
                throw ProblemException.invalid("/parent_id", "No group has the ID " + parentId);
            }
            throw e;
        }
        return updated;
    }

    @Transactional
    public void delete(UUID id, @Nullable String ifMatch) {
        OrgGroup current = groups.lock(id).orElseThrow(() -> notFound(id));
        ETags.requireMatch(ifMatch, current.version(), "group");
        references.requireUnreferenced("rs_group", id, "The group",
                "move or delete its child groups and remove its members first");
        try {
            groups.delete(id);
        } catch (RuntimeException e) {
            // A reference added after the check above (a concurrent insert that committed first).
            if (SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION)) {
                throw References.inUse("The group has just been referred to by another object; try again");
            }
            throw e;
        }
    }

    private static boolean sameContent(OrgGroup a, OrgGroup b) {
        return Objects.equals(a.code(), b.code()) && a.name().equals(b.name()) && Objects.equals(a.parentId(), b.parentId())
                && a.sortOrder() == b.sortOrder();
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.invalid("/name", "must not be blank");
        }
        return name;
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("/parent_id", "must be a group ID (a UUID) or the empty string");
        }
    }

    private static ProblemException codeTaken(String code) {
        return new ProblemException(ProblemType.ALREADY_EXISTS, "Another group already has the code " + code);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Group " + id);
    }
}
