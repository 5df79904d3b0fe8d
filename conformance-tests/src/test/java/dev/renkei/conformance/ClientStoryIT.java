package dev.renkei.conformance;

import dev.renkei.client.token.ApiClient;
import dev.renkei.client.token.ApiException;
import dev.renkei.client.token.api.AccountsApi;
import dev.renkei.client.token.api.ApiTokensApi;
import dev.renkei.client.token.api.AuthenticationApi;
import dev.renkei.client.token.api.MeApi;
import dev.renkei.client.token.api.SystemParametersApi;
import dev.renkei.client.token.model.Account;
import dev.renkei.client.token.model.AccountCreate;
import dev.renkei.client.token.model.AccountFlag;
import dev.renkei.client.token.model.ApiToken;
import dev.renkei.client.token.model.ApiTokenPage;
import dev.renkei.client.token.model.ApiTokenStatus;
import dev.renkei.client.token.model.AuthenticationMethod;
import dev.renkei.client.token.model.BulkIssueOutcome;
import dev.renkei.client.token.model.BulkIssueRequest;
import dev.renkei.client.token.model.BulkIssueResponse;
import dev.renkei.client.token.model.BulkIssueResult;
import dev.renkei.client.token.model.Me;
import dev.renkei.client.token.model.PickedUpApiToken;
import dev.renkei.client.token.model.Problem;
import dev.renkei.client.token.model.SignInRequest;
import dev.renkei.client.token.model.SignInResponse;
import dev.renkei.client.token.model.SystemParameters;
import dev.renkei.client.token.model.SystemParametersUpdate;
import dev.renkei.conformance.support.Clients;
import dev.renkei.conformance.support.Mailbox;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token story of seed 000 as a partner lives it, through the generated Java client only:
 * an administrator sets the validity and issues a token, the holder reads the notice mail, picks
 * the token up once and calls the API with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientStoryIT {

    private static final int VALIDITY_DAYS = 45;
    private static final String HOLDER_PASSWORD = "holder-password-2026";

    private RenkeiServer server;
    private Clients clients;
    private Mailbox mailbox;

    @BeforeAll
    void startServer() {
        server = RenkeiServer.start();
        clients = new Clients(server.baseUri());
        mailbox = new Mailbox(server.mail());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void issueThenNoticeThenPickupOnceThenCallWithApiTokenUntilExpiry() throws Exception {
        // An administrator signs in and sets the validity copied onto tokens issued from now on.
        ApiClient admin = signIn("admin1", RenkeiServer.DEMO_PASSWORD);
        SystemParameters parameters = new SystemParametersApi(admin).updateSystemParameters(
                new SystemParametersUpdate().apiTokenValidityDays(VALIDITY_DAYS).apiTokenPickupWindowHours(72));
        assertEquals(VALIDITY_DAYS, parameters.getApiTokenValidityDays());

        // A holder account, then a bulk issue for it.
        String loginId = "story-" + UUID.randomUUID().toString().substring(0, 8);
        String mail = loginId + "@example.com";
        String name = "物語 太郎 " + loginId;
        Account holder = new AccountsApi(admin).createAccount(new AccountCreate().loginId(loginId).name(name)
                .mail(mail).password(HOLDER_PASSWORD).flags(java.util.Set.of(AccountFlag.GENERAL_USE_PROHIBITED)));
        BulkIssueResponse issue = new ApiTokensApi(admin).bulkIssueApiTokens(
                new BulkIssueRequest().accountIds(List.of(holder.getId())), "story-" + holder.getId());
        assertEquals(1, issue.getIssuedCount());
        assertEquals(VALIDITY_DAYS, issue.getValidityDays());
        BulkIssueResult result = issue.getResults().get(0);
        assertEquals(BulkIssueOutcome.ISSUED, result.getOutcome());
        UUID tokenId = result.getTokenId();
        assertNotNull(tokenId);

        // The notice mail names the holder, the validity in days and the pickup link.
        Mailbox.Mail notice = mailbox.await(mail, "取得してから" + VALIDITY_DAYS + "日間");
        assertTrue(notice.body().contains(name), notice::body);
        assertTrue(notice.body().contains(VALIDITY_DAYS + "日間"), notice::body);
        assertTrue(notice.body().contains("/console/settings/api-tokens"), "pickup link: " + notice.body());
        assertTrue(notice.subject().contains("APIトークン発行のお知らせ"), notice::subject);

        // The holder signs in and finds the token waiting for pickup.
        ApiClient holderSession = signIn(loginId, HOLDER_PASSWORD);
        MeApi me = new MeApi(holderSession);
        ApiTokenPage pending = me.listMyApiTokens(null, null, null);
        assertEquals(1, pending.getItems().size());
        ApiToken waiting = pending.getItems().get(0);
        assertEquals(tokenId, waiting.getId());
        assertEquals(ApiTokenStatus.PENDING_PICKUP, waiting.getStatus());
        assertEquals(VALIDITY_DAYS, waiting.getValidityDays());
        assertNull(waiting.getExpiresAt(), "no expiry before pickup");

        // Pickup: the secret, exactly once.
        PickedUpApiToken picked = me.pickUpMyApiToken(tokenId);
        String secret = picked.getSecret();
        assertTrue(secret.matches("rnk_pat_[0-9A-Za-z]{38}"), secret);
        assertEquals(ApiTokenStatus.ACTIVE, picked.getToken().getStatus());

        // A program calls the API with the token.
        Me asProgram = new MeApi(clients.bearer(secret)).getMe();
        assertEquals(AuthenticationMethod.API_TOKEN, asProgram.getAuthenticatedBy());
        assertEquals(tokenId, asProgram.getApiTokenId());
        assertEquals(loginId, asProgram.getAccount().getLoginId());

        // The holder sees the expiry (pickup time + validity days), never the secret.
        ApiToken active = me.listMyApiTokens(ApiTokenStatus.ACTIVE, null, null).getItems().get(0);
        assertEquals(tokenId, active.getId());
        assertNotNull(active.getPickedUpAt());
        assertEquals(active.getPickedUpAt().plus(Duration.ofDays(VALIDITY_DAYS)).toInstant(), active.getExpiresAt().toInstant());
        assertEquals(secret.substring(secret.length() - 4), active.getLastFour());

        // A second pickup is refused: 409 already-picked-up, and no secret.
        ApiException again = assertThrows(ApiException.class, () -> me.pickUpMyApiToken(tokenId));
        assertEquals(409, again.getCode());
        Problem problem = ApiClient.createDefaultObjectMapper().readValue(again.getResponseBody(), Problem.class);
        assertTrue(problem.getType().toString().endsWith("already-picked-up"), problem::toString);
        assertEquals(409, problem.getStatus());
        assertNotNull(problem.getRequestId());
        assertFalse(again.getResponseBody().contains(secret), "the secret is never shown again");
    }

    private ApiClient signIn(String loginId, String password) throws ApiException {
        SignInResponse session = new AuthenticationApi(clients.anonymous())
                .signIn(new SignInRequest().loginId(loginId).password(password));
        return clients.bearer(session.getAccessToken());
    }
}
