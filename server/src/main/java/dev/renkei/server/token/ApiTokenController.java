package dev.renkei.server.token;

import dev.renkei.server.account.Callers;
import dev.renkei.server.api.token.ApiTokensApi;
import dev.renkei.server.api.token.model.ApiTokenPage;
import dev.renkei.server.api.token.model.BulkIssueOutcome;
import dev.renkei.server.api.token.model.BulkIssueRequest;
import dev.renkei.server.api.token.model.BulkIssueResponse;
import dev.renkei.server.api.token.model.BulkIssueSkipReason;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.Clock;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** APIトークン管理 for administrators. */
@Controller
public class ApiTokenController implements ApiTokensApi {

    private final ApiTokenService service;
    private final Callers callers;
    private final Clock clock;

    public ApiTokenController(ApiTokenService service, Callers callers, Clock clock) {
        this.service = service;
        this.callers = callers;
        this.clock = clock;
    }

    @Override
    public HttpResponse<BulkIssueResponse> bulkIssueApiTokens(BulkIssueRequest request, String idempotencyKey) {
        BulkIssueResult result = service.bulkIssue(callers.current(), request.getAccountIds(), idempotencyKey);
        var entries = result.entries().stream()
                .map(e -> new dev.renkei.server.api.token.model.BulkIssueResult(e.accountId(),
                        e.issued() ? BulkIssueOutcome.ISSUED : BulkIssueOutcome.SKIPPED)
                        .tokenId(e.tokenId())
                        .supersededTokenId(e.supersededTokenId())
                        .reason(e.skipReason() == null ? null : BulkIssueSkipReason.valueOf(e.skipReason().name())))
                .toList();
        int issued = (int) result.issuedCount();
        return HttpResponse.ok(new BulkIssueResponse(result.validityDays(), utc(result.pickupDeadline()), issued,
                entries.size() - issued, entries));
    }

    @Override
    public HttpResponse<ApiTokenPage> listApiTokens(UUID accountId, dev.renkei.server.api.token.model.ApiTokenStatus status,
                                                    Integer limit, String cursor) {
        return HttpResponse.ok(ApiTokenMapper.toDto(
                service.list(callers.current(), accountId, ApiTokenMapper.fromDto(status), cursor, limit), clock.instant()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.ApiToken> getApiToken(UUID tokenId) {
        return HttpResponse.ok(ApiTokenMapper.toDto(service.get(callers.current(), tokenId), clock.instant()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.ApiToken> revokeApiToken(UUID tokenId) {
        return HttpResponse.ok(ApiTokenMapper.toDto(service.revoke(callers.current(), tokenId), clock.instant()));
    }
}
