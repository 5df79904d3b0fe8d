package dev.renkei.server.consent;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One customer's walk through the consent pages of seed 002 for one authorization request.
 * The step is the only page that may act; anything else is refused, so no step can be skipped.
 *
 * @param pendingPinAccounts accounts whose inquiry PIN matched in this journey (登録済み*); written
 *                           to the bank account only when the customer permits
 * @param pinFailures        wrong PINs per bank account id in this journey (3 lock PIN entry)
 * @param sessionHash        SHA-256 of the journey session cookie set at login; null before login
 * @param sealedRedirect     the authorization response, encrypted under the session cookie; null
 *                           until completed
 */
public record Journey(String id,
                      UUID programId,
                      String redirectUri,
                      @Nullable String state,
                      List<String> requestedScopes,
                      @Nullable List<String> selectedScopes,
                      String codeChallenge,
                      Step step,
                      @Nullable UUID accountId,
                      String csrfToken,
                      List<UUID> pendingPinAccounts,
                      Map<String, Integer> pinFailures,
                      Instant createdAt,
                      Instant expiresAt,
                      @Nullable Instant completedAt,
                      @Nullable byte[] sessionHash,
                      @Nullable byte[] sealedRedirect) {

    /** The pages of the journey, in order. */
    public enum Step { LOGIN, SELECT_SERVICES, REGISTER_PINS, PIN_RESULT, CONSENT, COMPLETED }

    /** A journey as the authorization endpoint creates it: no session yet, nothing sealed. */
    public Journey(String id, UUID programId, String redirectUri, @Nullable String state, List<String> requestedScopes,
                   @Nullable List<String> selectedScopes, String codeChallenge, Step step, @Nullable UUID accountId,
                   String csrfToken, List<UUID> pendingPinAccounts, Map<String, Integer> pinFailures, Instant createdAt,
                   Instant expiresAt, @Nullable Instant completedAt) {
        this(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, step, accountId, csrfToken,
                pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt, null, null);
    }

    public Journey withStep(Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, next,
                accountId, csrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt, sessionHash,
                sealedRedirect);
    }

    public Journey withAccount(UUID account, Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, next,
                account, csrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt, sessionHash,
                sealedRedirect);
    }

    /** After login: the customer, the browser's session and a fresh CSRF token. */
    public Journey loggedIn(UUID account, byte[] session, String newCsrfToken) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, step,
                account, newCsrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt, session,
                sealedRedirect);
    }

    public Journey withSelectedScopes(List<String> scopes, Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, scopes, codeChallenge, next,
                accountId, csrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt, sessionHash,
                sealedRedirect);
    }

    public Journey withPins(List<UUID> pending, Map<String, Integer> failures, Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, next,
                accountId, csrfToken, pending, failures, createdAt, expiresAt, completedAt, sessionHash, sealedRedirect);
    }

    public Journey completed(Instant at) {
        return completed(at, sealedRedirect);
    }

    /** Decided; pending PINs are no longer needed (written to the accounts, or discarded). */
    public Journey completed(Instant at, @Nullable byte[] sealed) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge,
                Step.COMPLETED, accountId, csrfToken, List.of(), pinFailures, createdAt, expiresAt, at, sessionHash,
                sealed);
    }

    /** The scopes the consent will grant: the customer's choice, or all requested when there was none. */
    public List<String> grantedScopes() {
        return selectedScopes == null ? requestedScopes : selectedScopes;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean loggedIn() {
        return accountId != null;
    }
}
