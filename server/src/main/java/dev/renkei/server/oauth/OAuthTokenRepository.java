package dev.renkei.server.oauth;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for codes, token families, refresh tokens, revoked access tokens and pushed requests. */
@Singleton
public class OAuthTokenRepository {

    /** A stored authorization code. */
    public record CodeRow(UUID programId, UUID consentId, String redirectUri, String codeChallenge, List<String> scopes,
                          Instant expiresAt, @Nullable Instant usedAt, @Nullable UUID familyId) {
    }

    /** A stored refresh token with what decides whether it may still be used. */
    public record RefreshRow(UUID id, UUID familyId, List<String> scopes, Instant issuedAt, Instant expiresAt,
                             @Nullable Instant rotatedAt, @Nullable Instant revokedAt, @Nullable Instant familyRevokedAt,
                             UUID consentId, @Nullable Instant consentRevokedAt, UUID programId, UUID accountId) {
    }

    /** Whether the tokens of a family may still be used, and whose they are. */
    public record FamilyState(UUID familyId, UUID consentId, UUID programId, UUID accountId, String loginId,
                              boolean usable) {
    }

    /** A pushed authorization request (RFC 9126) with what decides whether it may still be used. */
    public record PushedRequest(String parameters, Instant expiresAt, @Nullable Instant usedAt) {
    }

    private final Db db;

    public OAuthTokenRepository(Db db) {
        this.db = db;
    }

    public Optional<CodeRow> findCodeForUpdate(byte[] hash) {
        return db.one("SELECT * FROM authorization_code WHERE code_hash = ? FOR UPDATE", s -> s.setBytes(1, hash),
                r -> new CodeRow(r.getObject("program_id", UUID.class), r.getObject("consent_id", UUID.class),
                        r.getString("redirect_uri"), r.getString("code_challenge"),
                        Arrays.asList((String[]) r.getArray("scopes").getArray()), instant(r, "expires_at"),
                        instant(r, "used_at"), r.getObject("family_id", UUID.class)));
    }

    public void markCodeUsed(byte[] hash, Instant now, UUID familyId) {
        db.update("UPDATE authorization_code SET used_at = ?, family_id = ? WHERE code_hash = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, familyId);
            s.setBytes(3, hash);
        });
    }

    public void insertFamily(UUID id, UUID consentId, UUID programId, Instant now) {
        db.update("INSERT INTO token_family (id, consent_id, program_id, created_at) VALUES (?, ?, ?, ?)", s -> {
            s.setObject(1, id);
            s.setObject(2, consentId);
            s.setObject(3, programId);
            s.setTimestamp(4, ts(now));
        });
    }

    public void revokeFamily(UUID familyId, String reason, Instant now) {
        db.update("UPDATE token_family SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setString(2, reason);
            s.setObject(3, familyId);
        });
    }

    public void insertRefresh(UUID id, byte[] hash, UUID familyId, List<String> scopes, Instant issuedAt, Instant expiresAt) {
        db.update("INSERT INTO refresh_token (id, token_hash, family_id, scopes, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, id);
            s.setBytes(2, hash);
            s.setObject(3, familyId);
            s.setArray(4, db.textArray(scopes));
            s.setTimestamp(5, ts(issuedAt));
            s.setTimestamp(6, ts(expiresAt));
        });
    }

    /** Locks the token's row: of concurrent refreshes with one token, exactly one rotates it. */
    public Optional<RefreshRow> findRefreshForUpdate(byte[] hash) {
        return findRefresh(hash, true);
    }

    public Optional<RefreshRow> findRefresh(byte[] hash, boolean forUpdate) {
        return db.one("SELECT t.*, f.revoked_at AS family_revoked_at, f.consent_id, f.program_id, "
                + "c.revoked_at AS consent_revoked_at, c.account_id FROM refresh_token t "
                + "JOIN token_family f ON f.id = t.family_id JOIN consent c ON c.id = f.consent_id "
                + "WHERE t.token_hash = ?" + (forUpdate ? " FOR UPDATE OF t" : ""), s -> s.setBytes(1, hash),
                r -> new RefreshRow(r.getObject("id", UUID.class), r.getObject("family_id", UUID.class),
                        Arrays.asList((String[]) r.getArray("scopes").getArray()), instant(r, "issued_at"),
                        instant(r, "expires_at"), instant(r, "rotated_at"), instant(r, "revoked_at"),
                        instant(r, "family_revoked_at"), r.getObject("consent_id", UUID.class), instant(r, "consent_revoked_at"),
                        r.getObject("program_id", UUID.class), r.getObject("account_id", UUID.class)));
    }

    /** When the family's most recent rotation happened (the grace window applies to that token only). */
    public Optional<Instant> latestRotation(UUID familyId) {
        return db.one("SELECT max(rotated_at) FROM refresh_token WHERE family_id = ?", s -> s.setObject(1, familyId),
                r -> instant(r, "max"));
    }

    public void markRotated(UUID id, Instant now) {
        db.update("UPDATE refresh_token SET rotated_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, id);
        });
    }

    public Optional<FamilyState> familyState(UUID familyId) {
        return db.one("SELECT f.id, f.consent_id, f.program_id, c.account_id, a.login_id, "
                + "(f.revoked_at IS NULL AND c.revoked_at IS NULL AND p.enabled AND p.deleted_at IS NULL "
                + " AND a.deleted_at IS NULL AND a.locked_at IS NULL) AS usable "
                + "FROM token_family f JOIN consent c ON c.id = f.consent_id JOIN partner_program p ON p.id = f.program_id "
                + "JOIN account a ON a.id = c.account_id WHERE f.id = ?", s -> s.setObject(1, familyId),
                r -> new FamilyState(r.getObject("id", UUID.class), r.getObject("consent_id", UUID.class),
                        r.getObject("program_id", UUID.class), r.getObject("account_id", UUID.class),
                        r.getString("login_id"), r.getBoolean("usable")));
    }

    public void revokeAccessToken(UUID jti, Instant expiresAt) {
        db.update("INSERT INTO revoked_access_token (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING", s -> {
            s.setObject(1, jti);
            s.setTimestamp(2, ts(expiresAt));
        });
    }

    public boolean isAccessTokenRevoked(UUID jti) {
        return db.one("SELECT 1 FROM revoked_access_token WHERE jti = ?", s -> s.setObject(1, jti), r -> true).orElse(false);
    }

    public void touchConsent(UUID consentId, Instant now) {
        db.update("UPDATE consent SET last_used_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, consentId);
        });
    }

    public void insertPushedRequest(String requestUri, UUID programId, String parametersJson, Instant expiresAt) {
        db.update("INSERT INTO pushed_authorization_request (request_uri, program_id, parameters, expires_at) "
                + "VALUES (?, ?, ?::jsonb, ?)", s -> {
            s.setString(1, requestUri);
            s.setObject(2, programId);
            s.setString(3, parametersJson);
            s.setTimestamp(4, ts(expiresAt));
        });
    }

    /**
     * A program's pushed request, locked so that two authorization requests with one handle use it
     * one after the other; empty when unknown or another program's.
     */
    public Optional<PushedRequest> findPushedRequestForUpdate(String requestUri, UUID programId) {
        return db.one("SELECT parameters::text AS parameters, expires_at, used_at FROM pushed_authorization_request "
                + "WHERE request_uri = ? AND program_id = ? FOR UPDATE", s -> {
            s.setString(1, requestUri);
            s.setObject(2, programId);
        }, r -> new PushedRequest(r.getString("parameters"), instant(r, "expires_at"), instant(r, "used_at")));
    }

    public void markPushedRequestUsed(String requestUri, Instant now) {
        db.update("UPDATE pushed_authorization_request SET used_at = ? WHERE request_uri = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setString(2, requestUri);
        });
    }
}
