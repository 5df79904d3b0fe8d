package dev.renkei.server.program;

import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemDetails.InvalidParam;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.security.Caller;
import dev.renkei.server.shared.security.CredentialChanges;
import dev.renkei.server.shared.security.CredentialStateCache;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Partner programs (the seed's アプリトークン): registration by administrators, secret rotation,
 * and the client authentication of RFC 6749 §2.3 used by the token, PAR, revocation and
 * introspection endpoints.
 */
@Singleton
public class PartnerProgramService {

    /** Prefix of client secrets, so secret scanners recognise a leaked one. */
    public static final String SECRET_PREFIX = "rnk_cs_";
    /** The development hosts the contract allows over plain http. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A program with the secret that exists only in this answer. */
    public record WithSecret(PartnerProgram program, @Nullable String clientSecret) {
    }

    /** What an administrator sends to register or change a program; null fields stay as they are. */
    public record Definition(@Nullable String name, @Nullable String companyName,
                             @Nullable PartnerProgram.ClientType clientType, @Nullable List<String> redirectUris,
                             @Nullable List<String> allowedScopes, @Nullable Integer dailyQuota,
                             @Nullable Boolean requirePar, @Nullable Boolean enabled) {
    }

    /** Bound on remembered client authentications; failures are never remembered, so only real clients count. */
    private static final int AUTHENTICATED_MAX = 10_000;

    private final PartnerProgramRepository programs;
    private final List<ProgramRemovalListener> removalListeners;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;
    /**
     * Successful client authentications by client_id and SHA-256 of the presented secret (never
     * the secret itself). A different secret is a different key, so a wrong secret always goes
     * to the database and fails there. A program change, disabling, deletion or secret rotation
     * on this instance ends every entry at once ({@link CredentialChanges}, written by
     * {@link PartnerProgramRepository}); one on another instance within the time-to-live.
     */
    private final CredentialStateCache<String, Optional<PartnerProgram>> authenticated;

    public PartnerProgramService(PartnerProgramRepository programs, List<ProgramRemovalListener> removalListeners,
                                 AuditLog audit, Clock clock, TransactionOperations<Connection> transactions,
                                 CredentialChanges changes,
                                 @Value("${renkei.oauth.client-authentication-cache-ttl:2s}") Duration cacheTtl) {
        this.programs = programs;
        this.removalListeners = removalListeners;
        this.audit = audit;
        this.clock = clock;
        this.transactions = transactions;
        this.authenticated = new CredentialStateCache<>(changes, clock, cacheTtl, AUTHENTICATED_MAX);
    }

    @Transactional(readOnly = true)
    public Page<PartnerProgram> list(Caller caller, @Nullable Boolean enabled, @Nullable String cursor, int limit) {
        caller.requireAdminRead();
        String scope = Cursor.scope("partner-programs", enabled);
        List<PartnerProgram> rows = programs.list(enabled, Cursor.decode(cursor, scope), limit + 1);
        return Page.of(rows, limit, p -> new Cursor(p.createdAt().toString(), p.id(), scope));
    }

    @Transactional(readOnly = true)
    public PartnerProgram get(Caller caller, UUID id) {
        caller.requireAdminRead();
        return live(id);
    }

    @Transactional
    public WithSecret create(Caller caller, Definition definition) {
        caller.requireAccountAdmin();
        PartnerProgram.ClientType type = definition.clientType() == null
                ? PartnerProgram.ClientType.CONFIDENTIAL : definition.clientType();
        List<String> redirectUris = checkRedirectUris(definition.redirectUris());
        List<String> scopes = checkScopes(definition.allowedScopes());
        String secret = type == PartnerProgram.ClientType.CONFIDENTIAL ? SecretTokens.generate(SECRET_PREFIX) : null;
        Instant now = clock.instant();
        PartnerProgram program = new PartnerProgram(Ids.newId(), newClientId(), definition.name(), definition.companyName(),
                type, secret == null ? null : SecretTokens.sha256(secret), secret == null ? null : now, redirectUris, scopes,
                definition.dailyQuota() == null ? 100_000 : definition.dailyQuota(),
                Boolean.TRUE.equals(definition.requirePar()), true, null, now, now);
        programs.insert(program);
        audit.record(caller, AuditAction.PARTNER_PROGRAM_CREATED, "partner_program", program.id(),
                Map.of("client_id", program.clientId(), "name", program.name()));
        return new WithSecret(program, secret);
    }

    @Transactional
    public PartnerProgram update(Caller caller, UUID id, Definition changes) {
        caller.requireAccountAdmin();
        PartnerProgram current = live(id);
        PartnerProgram updated = new PartnerProgram(current.id(), current.clientId(),
                changes.name() == null ? current.name() : changes.name(),
                changes.companyName() == null ? current.companyName() : changes.companyName(),
                current.clientType(), current.secretHash(), current.secretRotatedAt(),
                changes.redirectUris() == null ? current.redirectUris() : checkRedirectUris(changes.redirectUris()),
                changes.allowedScopes() == null ? current.allowedScopes() : checkScopes(changes.allowedScopes()),
                changes.dailyQuota() == null ? current.dailyQuota() : changes.dailyQuota(),
                changes.requirePar() == null ? current.requirePar() : changes.requirePar(),
                changes.enabled() == null ? current.enabled() : changes.enabled(),
                null, current.createdAt(), clock.instant());
        programs.update(updated);
        audit.record(caller, AuditAction.PARTNER_PROGRAM_UPDATED, "partner_program", id, changedFields(current, updated));
        return updated;
    }

    /** The contract's "changed fields" of the audit event, as from/to like the account events. */
    private static Map<String, Object> changedFields(PartnerProgram before, PartnerProgram after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changed(changes, "name", before.name(), after.name());
        changed(changes, "company_name", before.companyName(), after.companyName());
        changed(changes, "redirect_uris", before.redirectUris(), after.redirectUris());
        changed(changes, "allowed_scopes", before.allowedScopes(), after.allowedScopes());
        changed(changes, "daily_quota", before.dailyQuota(), after.dailyQuota());
        changed(changes, "require_par", before.requirePar(), after.requirePar());
        changed(changes, "enabled", before.enabled(), after.enabled());
        return changes;
    }

    private static void changed(Map<String, Object> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.put(field, Map.of("from", from, "to", to));
        }
    }

    /** Deletes a program: its consents and every token they produced are revoked at once. */
    @Transactional
    public void delete(Caller caller, UUID id) {
        caller.requireAccountAdmin();
        live(id);
        Instant now = clock.instant();
        programs.markDeleted(id, now);
        removalListeners.forEach(l -> l.programRemoved(id, now));
        audit.record(caller, AuditAction.PARTNER_PROGRAM_DELETED, "partner_program", id, Map.of());
    }

    /** A new secret, shown once; the old one stops working at once here, within 2 s on other instances. */
    @Transactional
    public WithSecret rotateSecret(Caller caller, UUID id) {
        caller.requireAccountAdmin();
        PartnerProgram program = live(id);
        if (program.clientType() == PartnerProgram.ClientType.PUBLIC) {
            throw new ProblemException(ProblemType.PUBLIC_CLIENT_HAS_NO_SECRET,
                    "A public program authenticates with PKCE only and has no secret");
        }
        String secret = SecretTokens.generate(SECRET_PREFIX);
        Instant now = clock.instant();
        programs.setSecret(id, SecretTokens.sha256(secret), now);
        audit.record(caller, AuditAction.PARTNER_PROGRAM_SECRET_ROTATED, "partner_program", id, Map.of());
        return new WithSecret(programs.findById(id).orElseThrow(), secret);
    }

    /**
     * Client authentication (RFC 6749 §2.3.1): a confidential program must present its secret; a
     * public one presents only its client_id. Empty when the client is unknown, disabled or the
     * secret is wrong — the caller answers {@code invalid_client} without saying which.
     * Successes are remembered briefly (see {@link #authenticated}); the database is read in a
     * transaction of its own, or in the caller's.
     */
    public Optional<PartnerProgram> authenticate(@Nullable String clientId, @Nullable String clientSecret) {
        if (clientId == null || clientId.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = clientSecret == null ? null : SecretTokens.sha256(clientSecret);
        String key = clientId + (presented == null ? " none" : " " + HexFormat.of().formatHex(presented));
        return authenticated.get(key, k -> transactions.executeRead(status -> programs.findByClientId(clientId))
                .filter(PartnerProgram::usable).filter(p -> {
                    if (p.clientType() == PartnerProgram.ClientType.PUBLIC) {
                        return presented == null;
                    }
                    return presented != null && SecretTokens.isWellFormed(SECRET_PREFIX, clientSecret)
                            && MessageDigest.isEqual(p.secretHash(), presented);
                }), Optional::isPresent);
    }

    /** The program by client_id for the authorization endpoint (no secret there). */
    @Transactional(readOnly = true)
    public Optional<PartnerProgram> findUsable(@Nullable String clientId) {
        return clientId == null ? Optional.empty()
                : programs.findByClientId(clientId).filter(PartnerProgram::usable);
    }

    private PartnerProgram live(UUID id) {
        return programs.findById(id).filter(p -> p.deletedAt() == null)
                .orElseThrow(() -> ProblemException.notFound("Partner program " + id));
    }

    /**
     * Exact redirect URIs (RFC 9700 §4.1.3): absolute, no fragment, https — or http on a
     * loopback host for development.
     */
    static List<String> checkRedirectUris(@Nullable List<String> uris) {
        if (uris == null || uris.isEmpty()) {
            throw ProblemException.invalid("/redirect_uris", "At least one redirect URI is required");
        }
        List<InvalidParam> errors = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            String reason = redirectUriProblem(uris.get(i));
            if (reason != null) {
                errors.add(new InvalidParam("/redirect_uris/" + i, reason));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Redirect URIs must be exact, absolute and secure",
                    errors, Map.of());
        }
        return List.copyOf(uris);
    }

    @Nullable
    private static String redirectUriProblem(String value) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                return "must be an absolute URI with a host";
            }
            if (uri.getFragment() != null) {
                return "must not contain a fragment";
            }
            if (value.contains("*")) {
                // Redirect URIs are compared exactly: a wildcard would never match, or be taken for a pattern.
                return "must not contain a wildcard (*)";
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("https")) {
                return null;
            }
            if (scheme.equals("http") && LOOPBACK.contains(uri.getHost())) {
                return null;
            }
            return "must use https (http only on localhost)";
        } catch (URISyntaxException e) {
            return "is not a valid URI";
        }
    }

    static List<String> checkScopes(@Nullable List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw ProblemException.invalid("/allowed_scopes", "At least one scope is required");
        }
        for (int i = 0; i < scopes.size(); i++) {
            if (!Scopes.isKnown(scopes.get(i))) {
                throw ProblemException.invalid("/allowed_scopes/" + i, "Unknown scope " + scopes.get(i));
            }
        }
        return scopes.stream().distinct().toList();
    }

    private static String newClientId() {
        StringBuilder id = new StringBuilder("rnk_ci_");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
