package dev.renkei.server.resource.organization;

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

import static dev.renkei.server.resource.support.Patches.emptyToNull;
import static dev.renkei.server.resource.support.Patches.text;

/**
 * Users of the Resource API (ユーザー情報) and their group memberships (ユーザー所属情報).
 * Memberships have no read operation: partners read them in the user, so every membership change
 * moves the user's version (its ETag, RFC 9110 §8.8.3) and updated_at on. A user has at most one
 * primary membership: making one primary demotes the previous one. Creates honour
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header), updates and deletes If-Match.
 */
@Singleton
public class UserService {

    /** A new user as the partner sent it; serialisable because its hash keys idempotent retries. */
    @Serdeable
    public record Draft(@Nullable String employeeCode, String name, @Nullable String nameKana, @Nullable String email,
                        @Nullable String phone, @Nullable OrgUser.Role role, @Nullable Boolean active) {
    }

    /** Changes to a user; null members stay as they are, an empty string clears an optional text. */
    public record Changes(@Nullable String employeeCode, @Nullable String name, @Nullable String nameKana,
                          @Nullable String email, @Nullable String phone, @Nullable OrgUser.Role role,
                          @Nullable Boolean active) {
    }

    /** A new membership; {@code primary} null means "primary if the user has no primary group yet". */
    @Serdeable
    public record MembershipDraft(UUID userId, UUID groupId, @Nullable Boolean primary, @Nullable String position) {
    }

    /** Changes to a membership; null members stay as they are, an empty position clears it. */
    public record MembershipChanges(@Nullable UUID groupId, @Nullable Boolean primary, @Nullable String position) {
    }

    private final UserRepository users;
    private final GroupRepository groups;
    private final References references;
    private final IdempotencyStore idempotency;
    private final Clock clock;

    public UserService(UserRepository users, GroupRepository groups, References references,
                       IdempotencyStore idempotency, Clock clock) {
        this.users = users;
        this.groups = groups;
        this.references = references;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<OrgUser> list(@Nullable UUID groupId, @Nullable Boolean active, @Nullable String q,
                              @Nullable Instant updatedSince, @Nullable String cursor, int limit) {
        String scope = Cursor.scope("users", groupId, active, q, updatedSince);
        Cursor after = Cursor.decode(cursor, scope);
        List<OrgUser> rows = users.list(groupId, active, q, updatedSince, after == null ? null : after.id(), limit + 1);
        return Page.of(rows, limit, u -> new Cursor("", u.id(), scope));
    }

    @Transactional(readOnly = true)
    public OrgUser get(UUID id) {
        return users.find(id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public OrgUser create(UUID actor, Draft draft, @Nullable String idempotencyKey) {
        return idempotency.execute(actor, "resources.users.create", idempotencyKey, draft, Argument.of(OrgUser.class),
                () -> insert(draft));
    }

    private OrgUser insert(Draft draft) {
        String name = requireName(draft.name());
        requireUnique(draft.employeeCode(), draft.email(), null);
        Instant now = clock.instant();
        OrgUser user = new OrgUser(Ids.newId(), draft.employeeCode(), name, draft.nameKana(), draft.email(),
                draft.phone(), draft.role() == null ? OrgUser.Role.MEMBER : draft.role(),
                draft.active() == null || draft.active(), List.of(), 1, now, now);
        try {
            users.insert(user);
        } catch (RuntimeException e) {
            throw uniqueViolationOr(e);
        }
        return user;
    }

    @Transactional
    public OrgUser update(UUID id, @Nullable String ifMatch, Changes changes) {
        OrgUser current = users.lock(id).orElseThrow(() -> notFound(id));
        ETags.requireMatch(ifMatch, current.version(), "user");
        OrgUser updated = new OrgUser(id, text(changes.employeeCode(), current.employeeCode()),
                changes.name() == null ? current.name() : requireName(changes.name()),
                text(changes.nameKana(), current.nameKana()), text(changes.email(), current.email()),
                text(changes.phone(), current.phone()), changes.role() == null ? current.role() : changes.role(),
                changes.active() == null ? current.active() : changes.active(), current.memberships(),
                current.version() + 1, current.createdAt(), clock.instant());
        if (sameContent(current, updated)) {
            return current;
        }
        requireUnique(Objects.equals(updated.employeeCode(), current.employeeCode()) ? null : updated.employeeCode(),
                Objects.equals(updated.email(), current.email()) ? null : updated.email(), id);
        try {
            users.update(updated, current.version());
        } catch (RuntimeException e) {
            throw uniqueViolationOr(e);
        }
        return updated;
    }

    /**
     * Deletes a user with their memberships (part of the user). Anything else that refers to the
     * user — spot staff assignments, and the history of later families — keeps the user: 409.
     */
    @Transactional
    public void delete(UUID id, @Nullable String ifMatch) {
        OrgUser current = users.lock(id).orElseThrow(() -> notFound(id));
        ETags.requireMatch(ifMatch, current.version(), "user");
        references.requireUnreferenced("rs_user", id, "The user",
                "remove those references first, or set active to false to keep the user's history");
        try {
            users.delete(id);
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION)) {
                throw References.inUse("The user has just been referred to by another object; "
                        + "set active to false to keep the user's history");
            }
            throw e;
        }
    }

    // Memberships

    @Transactional
    public OrgMembership createMembership(UUID actor, MembershipDraft draft, @Nullable String idempotencyKey) {
        return idempotency.execute(actor, "resources.user-memberships.create", idempotencyKey, draft,
                Argument.of(OrgMembership.class), () -> insertMembership(draft));
    }

    private OrgMembership insertMembership(MembershipDraft draft) {
        OrgUser user = users.lock(draft.userId())
                .orElseThrow(() -> ProblemException.invalid("/user_id", "No user has the ID " + draft.userId()));
        requireGroup(draft.groupId());
        if (user.memberships().stream().anyMatch(m -> m.groupId().equals(draft.groupId()))) {
            throw alreadyMember(draft.groupId());
        }
        boolean primary = draft.primary() != null ? draft.primary() : user.primaryGroupId() == null;
        Instant now = clock.instant();
        OrgMembership membership = new OrgMembership(Ids.newId(), user.id(), draft.groupId(), primary,
                emptyToNull(draft.position()), 1, now, now);
        if (primary) {
            users.demotePrimary(user.id(), null, now);
        }
        try {
            users.insertMembership(membership);
        } catch (RuntimeException e) {
            throw membershipViolationOr(e, draft.groupId());
        }
        users.touch(user.id(), now);
        return membership;
    }

    @Transactional
    public OrgMembership updateMembership(UUID id, @Nullable String ifMatch, MembershipChanges changes) {
        OrgMembership found = users.findMembership(id).orElseThrow(() -> membershipNotFound(id));
        // The user's lock first, as every membership change takes it: then re-read the membership.
        OrgUser user = users.lock(found.userId()).orElseThrow(() -> membershipNotFound(id));
        OrgMembership current = user.memberships().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> membershipNotFound(id));
        ETags.requireMatch(ifMatch, current.version(), "membership");
        UUID groupId = changes.groupId() == null ? current.groupId() : changes.groupId();
        if (!groupId.equals(current.groupId())) {
            requireGroup(groupId);
            if (user.memberships().stream().anyMatch(m -> m.groupId().equals(groupId))) {
                throw alreadyMember(groupId);
            }
        }
        Instant now = clock.instant();
        OrgMembership updated = new OrgMembership(id, current.userId(), groupId,
                changes.primary() == null ? current.primary() : changes.primary(),
                text(changes.position(), current.position()),
                current.version() + 1, current.createdAt(), now);
        if (updated.groupId().equals(current.groupId()) && updated.primary() == current.primary()
                && Objects.equals(updated.position(), current.position())) {
            return current;
        }
        if (updated.primary() && !current.primary()) {
            users.demotePrimary(user.id(), id, now);
        }
        try {
            users.updateMembership(updated, current.version());
        } catch (RuntimeException e) {
            throw membershipViolationOr(e, groupId);
        }
        users.touch(user.id(), now);
        return updated;
    }

    @Transactional
    public void deleteMembership(UUID id, @Nullable String ifMatch) {
        OrgMembership found = users.findMembership(id).orElseThrow(() -> membershipNotFound(id));
        OrgUser user = users.lock(found.userId()).orElseThrow(() -> membershipNotFound(id));
        OrgMembership current = user.memberships().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> membershipNotFound(id));
        ETags.requireMatch(ifMatch, current.version(), "membership");
        users.deleteMembership(id);
        users.touch(user.id(), clock.instant());
    }

    private void requireGroup(UUID groupId) {
        if (!groups.exists(groupId)) {
            throw ProblemException.invalid("/group_id", "No group has the ID " + groupId);
        }
    }

    private void requireUnique(@Nullable String employeeCode, @Nullable String email, @Nullable UUID except) {
        if (employeeCode != null && users.employeeCodeTaken(employeeCode, except)) {
            throw new ProblemException(ProblemType.ALREADY_EXISTS, "Another user already has the employee code " + employeeCode);
        }
        if (email != null && users.emailTaken(email, except)) {
            throw new ProblemException(ProblemType.ALREADY_EXISTS, "Another user already has the mail address " + email);
        }
    }

    /** A unique violation the checks above could not see (a concurrent insert that committed first). */
    private static RuntimeException uniqueViolationOr(RuntimeException e) {
        if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
            return new ProblemException(ProblemType.ALREADY_EXISTS,
                    "Another user already has this employee code or mail address");
        }
        return e;
    }

    private static RuntimeException membershipViolationOr(RuntimeException e, UUID groupId) {
        if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
            return alreadyMember(groupId);
        }
        if (SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION)) {
            return ProblemException.invalid("/group_id", "No group has the ID " + groupId);
        }
        return e;
    }

    private static boolean sameContent(OrgUser a, OrgUser b) {
        return Objects.equals(a.employeeCode(), b.employeeCode()) && a.name().equals(b.name())
                && Objects.equals(a.nameKana(), b.nameKana()) && Objects.equals(a.email(), b.email())
                && Objects.equals(a.phone(), b.phone()) && a.role() == b.role() && a.active() == b.active();
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.invalid("/name", "must not be blank");
        }
        return name;
    }

    private static ProblemException alreadyMember(UUID groupId) {
        return new ProblemException(ProblemType.ALREADY_EXISTS, "The user is already a member of the group " + groupId);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("User " + id);
    }

    private static ProblemException membershipNotFound(UUID id) {
        return ProblemException.notFound("Membership " + id);
    }
}
