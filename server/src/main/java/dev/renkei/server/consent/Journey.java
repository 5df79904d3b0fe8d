package dev.renkei.server.consent;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One customer's walk through the consent pages of seed 002 for one authorization request.
 * The step is the only page that may act; anything else is refused, so no step can be skipped.
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
                      @Nullable Instant completedAt) {

    /** The pages of the journey, in order. */
    public enum Step { LOGIN, SELECT_SERVICES, REGISTER_PINS, PIN_RESULT, CONSENT, COMPLETED }

    public Journey withStep(Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, next,
                accountId, csrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt);
    }

    public Journey withAccount(UUID account, Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, next,
                account, csrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt);
    }

    public Journey withSelectedScopes(List<String> scopes, Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, scopes, codeChallenge, next,
                accountId, csrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, completedAt);
    }

    public Journey withPins(List<UUID> pending, Map<String, Integer> failures, Step next) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge, next,
                accountId, csrfToken, pending, failures, createdAt, expiresAt, completedAt);
    }

    public Journey completed(Instant at) {
        return new Journey(id, programId, redirectUri, state, requestedScopes, selectedScopes, codeChallenge,
                Step.COMPLETED, accountId, csrfToken, pendingPinAccounts, pinFailures, createdAt, expiresAt, at);
    }

    /** The scopes the consent will grant: the customer's choice, or all requested when there was none. */
    public List<String> grantedScopes() {
        return selectedScopes == null ? requestedScopes : selectedScopes;
    }
}
