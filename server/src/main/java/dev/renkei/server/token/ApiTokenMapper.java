package dev.renkei.server.token;

import dev.renkei.server.api.token.model.ApiTokenPage;
import dev.renkei.server.api.token.model.ApiTokenRevocationReason;
import dev.renkei.server.shared.db.Page;

import java.time.Instant;

import static dev.renkei.server.account.AccountMapper.utc;

/** Between token records and the contract's DTOs. */
final class ApiTokenMapper {

    private ApiTokenMapper() {
    }

    static dev.renkei.server.api.token.model.ApiToken toDto(ApiToken token, Instant now) {
        return new dev.renkei.server.api.token.model.ApiToken(token.id(), token.accountId(), token.loginId(),
                dev.renkei.server.api.token.model.ApiTokenStatus.fromValue(token.status(now).code()),
                token.validityDays(), utc(token.issuedAt()), utc(token.pickupDeadline()))
                .issuedBy(token.issuedBy())
                .pickedUpAt(utc(token.pickedUpAt()))
                .expiresAt(utc(token.expiresAt()))
                .revokedAt(utc(token.revokedAt()))
                .revocationReason(token.revocationReason() == null ? null
                        : ApiTokenRevocationReason.fromValue(token.revocationReason()))
                .lastFour(token.lastFour());
    }

    static ApiTokenPage toDto(Page<ApiToken> page, Instant now) {
        return new ApiTokenPage(page.items().stream().map(t -> toDto(t, now)).toList()).nextCursor(page.nextCursor());
    }

    static ApiTokenStatus fromDto(dev.renkei.server.api.token.model.ApiTokenStatus status) {
        return status == null ? null : ApiTokenStatus.valueOf(status.name());
    }
}
