package dev.renkei.conformance;

import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.renkei.client.token.ApiClient;
import dev.renkei.client.token.ApiException;
import dev.renkei.client.token.ApiResponse;
import dev.renkei.client.token.api.AccountsApi;
import dev.renkei.client.token.api.ApiTokensApi;
import dev.renkei.client.token.api.AuditApi;
import dev.renkei.client.token.api.AuthenticationApi;
import dev.renkei.client.token.api.MailTemplatesApi;
import dev.renkei.client.token.api.MeApi;
import dev.renkei.client.token.api.SystemParametersApi;
import dev.renkei.client.token.model.Account;
import dev.renkei.client.token.model.AccountCreate;
import dev.renkei.client.token.model.AccountFlag;
import dev.renkei.client.token.model.AccountIdList;
import dev.renkei.client.token.model.AccountPage;
import dev.renkei.client.token.model.AccountUpdate;
import dev.renkei.client.token.model.ApiToken;
import dev.renkei.client.token.model.ApiTokenPage;
import dev.renkei.client.token.model.ApiTokenStatus;
import dev.renkei.client.token.model.AuditAction;
import dev.renkei.client.token.model.AuditEventPage;
import dev.renkei.client.token.model.BulkAccountOutcome;
import dev.renkei.client.token.model.BulkAccountResponse;
import dev.renkei.client.token.model.BulkIssueOutcome;
import dev.renkei.client.token.model.BulkIssueRequest;
import dev.renkei.client.token.model.BulkIssueResponse;
import dev.renkei.client.token.model.MailPreview;
import dev.renkei.client.token.model.MailTemplate;
import dev.renkei.client.token.model.MailTemplateId;
import dev.renkei.client.token.model.MailTemplateUpdate;
import dev.renkei.client.token.model.PasswordResetCompletion;
import dev.renkei.client.token.model.PickedUpApiToken;
import dev.renkei.client.token.model.Problem;
import dev.renkei.client.token.model.SignInRequest;
import dev.renkei.client.token.model.SignInResponse;
import dev.renkei.client.token.model.SystemParametersUpdate;
import dev.renkei.conformance.spec.ContractConformance;
import dev.renkei.conformance.spec.RecordingHttpClient;
import dev.renkei.conformance.support.Clients;
import dev.renkei.conformance.support.Mailbox;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every exchange of a set of flows that together call all 26 operations of token-issuance.yaml,
 * with their success status and every documented error status a client can provoke, validated
 * against the contract (request and response; response only for requests broken on purpose).
 *
 * <p>The flows use the generated Java client wherever it can express the call, and raw HTTP
 * through the same recording client where it cannot (malformed JSON, a wrong media type, a path
 * ID that is not a UUID). The last test fails if any exchange broke the contract or any
 * documented operation × status declared "must cover" was never exercised; the report goes to
 * {@code target/conformance-report.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpecConformanceIT {

    private static final String PW = RenkeiServer.DEMO_PASSWORD;
    private static final ObjectMapper JSON = ApiClient.createDefaultObjectMapper();

    /**
     * Documented pairs that no client can provoke, with the reason; every other documented
     * operation × status must be exercised.
     */
    private static final Map<String, String> EXCUSED = Map.of(
            "getMailTemplate 404", "template IDs are a closed enum (unknown → 400) and both templates always exist",
            "updateMailTemplate 404", "template IDs are a closed enum (unknown → 400) and both templates always exist",
            "previewMailTemplate 404", "template IDs are a closed enum (unknown → 400) and both templates always exist");

    /** Answers that contradict the contract's prose (wrong status or problem type), in order. */
    private final List<String> behaviourMismatches = new ArrayList<>();

    private RenkeiServer server;
    private ContractConformance conformance;
    private Clients clients;
    private Raw raw;
    private Mailbox mailbox;

    private String adminToken;
    private UUID adminId;
    private ApiClient admin;
    private ApiClient userAdmin;
    private ApiClient auditor;
    private ApiClient user2;
    private ApiClient anonymous;

    @BeforeAll
    void start() throws ApiException {
        server = RenkeiServer.start();
        conformance = ContractConformance.load(specLocation(), whitelist());
        RecordingHttpClient recording = new RecordingHttpClient(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), conformance);
        clients = new Clients(server.baseUri(), recording.builder());
        raw = new Raw(server.baseUri(), recording);
        mailbox = new Mailbox(server.mail());
        anonymous = clients.anonymous();
        SignInResponse adminSession = signIn("admin1", PW);
        adminToken = adminSession.getAccessToken();
        adminId = adminSession.getAccount().getId();
        admin = clients.bearer(adminToken);
        userAdmin = clients.bearer(signIn("useradmin1", PW).getAccessToken());
        auditor = clients.bearer(signIn("auditor1", PW).getAccessToken());
        user2 = clients.bearer(signIn("user2", PW).getAccessToken());
    }

    /**
     * Where the contract is read: the api-spec sources of this checkout (a file path, so the
     * relative $ref to ./common.yaml resolves beside it).
     */
    private static String specLocation() {
        String dir = System.getProperty("renkei.spec.dir");
        if (dir == null) {
            throw new IllegalStateException("Set -Drenkei.spec.dir to api-spec/src/main/resources/openapi (the pom does)");
        }
        Path spec = Path.of(dir, "token-issuance.yaml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(spec), spec::toString);
        return spec.toString();
    }

    /** Validation messages accepted on purpose; each entry must say why it is not a real mismatch. */
    private static ValidationErrorsWhitelist whitelist() {
        return ValidationErrorsWhitelist.create();
    }

    @AfterAll
    void stop() {
        try {
            if (conformance != null) {
                ContractConformance.Totals totals = conformance.writeReport(reportFile(), EXCUSED, behaviourMismatches);
                System.out.println("Contract conformance (" + reportFile() + "):\n" + totals.describe());
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static Path reportFile() {
        return Path.of(System.getProperty("renkei.report.dir", "target"), "conformance-report.md");
    }

    // ------------------------------------------------------------------ flows

    /**
     * A validator that passes everything would make every flow below vacuous: prove it bites, on
     * exchanges shaped exactly as the recording client hands them over (lower-case header names).
     */
    @Test
    @Order(0)
    void validatorRejectsExchangesThatBreakTheContract() {
        HttpRequest me = HttpRequest.newBuilder(server.baseUri().resolve("/v1/me")).header("Authorization", "Bearer x").GET().build();
        assertBites(me, "", 200, "application/json", "{\"account\":{\"id\":\"x\"},\"authenticated_by\":\"password\"}",
                "a body missing required members, with an unknown enum value");
        assertBites(me, "", 200, "application/json", "{\"account\":{\"id\":\"0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a03\","
                + "\"login_id\":\"u\",\"name\":\"n\",\"flags\":[],\"locked\":false,\"deleted\":false,"
                + "\"created_at\":\"2025-06-02T00:00:00Z\",\"updated_at\":\"2025-06-02T00:00:00Z\",\"password\":\"leaked\"},"
                + "\"authenticated_by\":\"session\"}", "a member the contract does not name (a password in an account)");
        assertBites(me, "", 200, "text/html", "<p>hi</p>", "an undocumented media type");
        assertBites(me, "", 418, "application/problem+json", "{}", "an undocumented status");
        assertBites(me, "", 401, "application/problem+json",
                "{\"type\":\"https://renkei.dev/problems/invalid-token\",\"title\":\"t\",\"status\":401}",
                "a problem without request_id");
        HttpRequest emptyIssue = HttpRequest.newBuilder(server.baseUri().resolve("/v1/api-tokens/bulk-issue"))
                .header("Authorization", "Bearer x").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account_ids\":[]}")).build();
        assertBites(emptyIssue, "{\"account_ids\":[]}", 200, "application/json",
                "{\"validity_days\":1,\"pickup_deadline\":\"2026-01-01T00:00:00Z\",\"issued_count\":0,\"skipped_count\":0,\"results\":[]}",
                "a request below minItems");
        HttpRequest noCredentials = HttpRequest.newBuilder(server.baseUri().resolve("/v1/accounts")).GET().build();
        assertBites(noCredentials, "", 200, "application/json", "{\"items\":[]}", "a request without credentials");
    }

    private void assertBites(HttpRequest request, String requestBody, int status, String contentType, String body, String what) {
        HttpHeaders headers = HttpHeaders.of(Map.of("content-type", List.of(contentType), "x-request-id", List.of("r")), (n, v) -> true);
        RecordingHttpClient.Exchange exchange = new RecordingHttpClient.Exchange(request,
                requestBody.getBytes(StandardCharsets.UTF_8), status, headers, body.getBytes(StandardCharsets.UTF_8));
        assertFalse(conformance.validate(exchange, true).isEmpty(), "the validator must reject " + what);
    }

    @Test
    @Order(1)
    void authentication() throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        AuthenticationApi auth = new AuthenticationApi(anonymous);

        ApiResponse<SignInResponse> ok = auth.signInWithHttpInfo(new SignInRequest().loginId("auditor1").password(PW), null);
        assertEquals(200, ok.getStatusCode());
        assertEquals(List.of("no-store"), ok.getHeaders().get("cache-control"));

        expect(401, "invalid-credentials", () -> auth.signIn(new SignInRequest().loginId("auditor1").password("not-the-password")));
        expect(403, "sign-in-prohibited", () -> auth.signIn(new SignInRequest().loginId("tempuser1").password(PW)));
        bad("password missing", () -> expectRaw(400, () -> raw.send("POST", "/v1/auth/sign-in", null, "application/json",
                "{\"login_id\":\"admin1\"}")));
        bad("body is not JSON", () -> expectRaw(400, () -> raw.send("POST", "/v1/auth/sign-in", null, "application/json",
                "{\"login_id\":")));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("POST", "/v1/auth/sign-in", null, "text/plain",
                "login_id=admin1&password=x")));

        // Password setup: an account created without a password gets a one-time link by mail.
        String login = unique("reset");
        String mail = login + "@example.com";
        new AccountsApi(admin).createAccount(new AccountCreate().loginId(login).name("Reset " + login).mail(mail));
        String resetToken = mailbox.awaitGroup(mail, "#token=([^\\s]+)");
        PasswordResetCompletion completion = new PasswordResetCompletion().resetToken(resetToken).newPassword("a-new-password-2026");
        ApiResponse<Void> reset = auth.completePasswordResetWithHttpInfo(completion, null);
        assertEquals(204, reset.getStatusCode());
        signIn(login, "a-new-password-2026");
        expect(410, "reset-link-invalid", () -> auth.completePasswordReset(completion));
        bad("password too short", () -> expect(400, "validation-failed", () -> auth.completePasswordReset(
                new PasswordResetCompletion().resetToken("rnk_pwr_unknown").newPassword("short"))));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("POST", "/v1/auth/password-reset", null, "text/plain",
                "reset_token=x")));

        assertConformant(mark, behaviourMark);
    }

    @Test
    @Order(2)
    void me() throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        assertEquals("admin1", new MeApi(admin).getMe().getAccount().getLoginId());
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MeApi(anonymous).getMe()));
        expect(401, "invalid-token", () -> new MeApi(clients.bearer("rnk_pat_" + "A".repeat(32) + "000000")).getMe());

        Holder holder = newHolder("me");
        UUID first = issue(holder.id());
        MeApi mine = new MeApi(holder.session());
        ApiTokenPage page = mine.listMyApiTokens(null, null, null);
        assertEquals(first, page.getItems().get(0).getId());
        assertEquals(1, mine.listMyApiTokens(ApiTokenStatus.PENDING_PICKUP, 10, null).getItems().size());
        bad("limit below 1", () -> expect(400, "validation-failed", () -> mine.listMyApiTokens(null, 0, null)));
        // "A cursor that cannot be decoded ... is refused with 400" (well-formed per the schema).
        expect(400, "validation-failed", () -> mine.listMyApiTokens(null, null, "not-a-cursor"));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MeApi(anonymous).listMyApiTokens(null, null, null)));

        ApiResponse<PickedUpApiToken> picked = mine.pickUpMyApiTokenWithHttpInfo(first, null);
        assertEquals(List.of("no-store"), picked.getHeaders().get("cache-control"));
        String secret = picked.getData().getSecret();
        ApiClient program = clients.bearer(secret);
        assertEquals(first, new MeApi(program).getMe().getApiTokenId());
        expect(409, "already-picked-up", () -> mine.pickUpMyApiToken(first));
        expect(403, "forbidden", () -> new MeApi(program).pickUpMyApiToken(first));
        expect(404, "not-found", () -> mine.pickUpMyApiToken(UUID.randomUUID()));
        Holder stranger = newHolder("stranger");
        expect(404, "not-found", () -> new MeApi(stranger.session()).pickUpMyApiToken(issue(holder.id())));
        // 一般利用禁止: the session may use /v1/me only; its API token may call /v1/me but no admin operation.
        expect(403, "forbidden", () -> new ApiTokensApi(holder.session()).listApiTokens(null, null, null, null));
        expect(403, "forbidden", () -> new AccountsApi(program).getAccount(holder.id()));
        bad("token ID not a UUID", () -> expectRaw(400, () -> raw.send("POST", "/v1/me/api-tokens/not-a-uuid/pickup",
                holder.token(), null, null)));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MeApi(anonymous).pickUpMyApiToken(first)));

        // Superseded before pickup: 409 token-revoked.
        UUID superseded = issue(holder.id());
        issue(holder.id());
        expect(409, "token-revoked", () -> mine.pickUpMyApiToken(superseded));

        // Past the pickup deadline: 410 pickup-expired (the server's clock is moved, not waited for).
        UUID late = issue(holder.id());
        server.clock().advance(Duration.ofHours(169));
        try {
            expect(410, "pickup-expired", () -> mine.pickUpMyApiToken(late));
        } finally {
            server.clock().reset();
        }

        // The holder revokes: with the session, then the program revokes its own token.
        UUID other = issue(holder.id());
        assertEquals(ApiTokenStatus.REVOKED, mine.revokeMyApiToken(other).getStatus());
        assertEquals(ApiTokenStatus.REVOKED, new MeApi(program).revokeMyApiToken(first).getStatus());
        expect(401, "invalid-token", () -> new MeApi(program).getMe());
        expect(404, "not-found", () -> mine.revokeMyApiToken(UUID.randomUUID()));
        bad("token ID not a UUID", () -> expectRaw(400, () -> raw.send("POST", "/v1/me/api-tokens/1234/revoke",
                holder.token(), null, null)));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MeApi(anonymous).revokeMyApiToken(first)));

        assertConformant(mark, behaviourMark);
    }

    @Test
    @Order(3)
    void systemParameters() throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        SystemParametersApi asAdmin = new SystemParametersApi(admin);
        int validity = asAdmin.getSystemParameters().getApiTokenValidityDays();
        assertEquals(validity, new SystemParametersApi(auditor).getSystemParameters().getApiTokenValidityDays());
        expect(403, "forbidden", () -> new SystemParametersApi(user2).getSystemParameters());
        bad("no credentials", () -> expect(401, "authentication-required", () -> new SystemParametersApi(anonymous).getSystemParameters()));

        SystemParametersUpdate update = new SystemParametersUpdate().apiTokenValidityDays(validity).apiTokenPickupWindowHours(168);
        assertEquals(validity, asAdmin.updateSystemParameters(update).getApiTokenValidityDays());
        bad("validity below 1", () -> expect(400, "validation-failed", () -> asAdmin.updateSystemParameters(
                new SystemParametersUpdate().apiTokenValidityDays(0).apiTokenPickupWindowHours(168))));
        expect(403, "forbidden", () -> new SystemParametersApi(userAdmin).updateSystemParameters(update));
        expect(403, "forbidden", () -> new SystemParametersApi(auditor).updateSystemParameters(update));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new SystemParametersApi(anonymous).updateSystemParameters(update)));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("PUT", "/v1/system-parameters", adminToken, "text/plain", "90")));

        assertConformant(mark, behaviourMark);
    }

    @Test
    @Order(4)
    void mailTemplates() throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        MailTemplatesApi asAdmin = new MailTemplatesApi(admin);
        assertEquals(2, asAdmin.listMailTemplates().getItems().size());
        assertEquals(2, new MailTemplatesApi(auditor).listMailTemplates().getItems().size());
        expect(403, "forbidden", () -> new MailTemplatesApi(user2).listMailTemplates());
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MailTemplatesApi(anonymous).listMailTemplates()));

        MailTemplate reset = asAdmin.getMailTemplate(MailTemplateId.PASSWORD_RESET);
        bad("unknown template ID", () -> expectRaw(400, () -> raw.send("GET", "/v1/mail-templates/no_such_template", adminToken, null, null)));
        expect(403, "forbidden", () -> new MailTemplatesApi(user2).getMailTemplate(MailTemplateId.API_TOKEN_ISSUED));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MailTemplatesApi(anonymous).getMailTemplate(MailTemplateId.API_TOKEN_ISSUED)));

        // Saved unchanged, so later flows still get the stock mails.
        MailTemplateUpdate same = new MailTemplateUpdate().subject(reset.getSubject()).body(reset.getBody());
        assertEquals(reset.getBody(), asAdmin.updateMailTemplate(MailTemplateId.PASSWORD_RESET, same).getBody());
        MailTemplateUpdate unknownPlaceholder = new MailTemplateUpdate().subject("Hello {{name}}").body("Your secret: {{secret}}");
        expect(400, "validation-failed", () -> asAdmin.updateMailTemplate(MailTemplateId.PASSWORD_RESET, unknownPlaceholder));
        expect(403, "forbidden", () -> new MailTemplatesApi(auditor).updateMailTemplate(MailTemplateId.PASSWORD_RESET, same));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MailTemplatesApi(anonymous).updateMailTemplate(MailTemplateId.PASSWORD_RESET, same)));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("PUT", "/v1/mail-templates/password_reset", adminToken, "text/plain", "hello")));

        MailTemplateUpdate draft = new MailTemplateUpdate().subject("{{name}} さまへ").body("有効期限は{{validity_days}}日間です。{{pickup_url}}");
        MailPreview preview = new MailTemplatesApi(auditor).previewMailTemplate(MailTemplateId.API_TOKEN_ISSUED, draft);
        assertFalse(preview.getBody().contains("{{"), preview::getBody);
        expect(400, "validation-failed", () -> asAdmin.previewMailTemplate(MailTemplateId.API_TOKEN_ISSUED, unknownPlaceholder));
        expect(403, "forbidden", () -> new MailTemplatesApi(user2).previewMailTemplate(MailTemplateId.API_TOKEN_ISSUED, draft));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new MailTemplatesApi(anonymous).previewMailTemplate(MailTemplateId.API_TOKEN_ISSUED, draft)));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("POST", "/v1/mail-templates/api_token_issued/preview", adminToken, "text/plain", "hello")));

        assertConformant(mark, behaviourMark);
    }

    @Test
    @Order(5)
    void accounts() throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        AccountsApi asAdmin = new AccountsApi(admin);
        AccountsApi asUser2 = new AccountsApi(user2);
        AccountsApi asAnonymous = new AccountsApi(anonymous);

        // Search and paging.
        AccountPage first = asAdmin.listAccounts(null, null, null, 2, null);
        assertEquals(2, first.getItems().size());
        assertNotNull(first.getNextCursor());
        AccountPage second = asAdmin.listAccounts(null, null, null, 2, first.getNextCursor());
        assertFalse(second.getItems().isEmpty());
        asAdmin.listAccounts("user", List.of(AccountFlag.GENERAL_USE_PROHIBITED, AccountFlag.USER_ADMIN), false, 50, null);
        // The Cursor parameter: "one used with different filters, is refused with 400".
        expect(400, "validation-failed", () -> asAdmin.listAccounts("admin", null, null, 2, first.getNextCursor()));
        new AccountsApi(auditor).listAccounts(null, null, true, null, null);
        bad("limit above 200", () -> expect(400, "validation-failed", () -> asAdmin.listAccounts(null, null, null, 500, null)));
        expect(403, "forbidden", () -> asUser2.listAccounts(null, null, null, null, null));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.listAccounts(null, null, null, null, null)));

        // Create.
        String login = unique("acct");
        AccountCreate create = new AccountCreate().loginId(login).name("Account " + login).mail(login + "@example.com")
                .password("account-password-1").flags(Set.of(AccountFlag.GENERAL_USE_PROHIBITED));
        ApiResponse<Account> created = asAdmin.createAccountWithHttpInfo(create, null);
        assertEquals(201, created.getStatusCode());
        assertNotNull(created.getHeaders().get("location"));
        UUID id = created.getData().getId();
        expect(409, "login-id-taken", () -> asAdmin.createAccount(create));
        expect(403, "forbidden", () -> new AccountsApi(userAdmin).createAccount(new AccountCreate().loginId(unique("root"))
                .name("Would be root").flags(Set.of(AccountFlag.SYSTEM_ADMIN))));
        bad("login ID breaks its pattern", () -> expect(400, "validation-failed", () -> asAdmin.createAccount(
                new AccountCreate().loginId("no spaces allowed").name("x"))));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.createAccount(create)));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("POST", "/v1/accounts", adminToken, "text/plain", "login_id=x")));

        // Read.
        assertEquals(login, asAdmin.getAccount(id).getLoginId());
        expect(404, "not-found", () -> asAdmin.getAccount(UUID.randomUUID()));
        bad("account ID not a UUID", () -> expectRaw(400, () -> raw.send("GET", "/v1/accounts/not-a-uuid", adminToken, null, null)));
        expect(403, "forbidden", () -> asUser2.getAccount(id));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.getAccount(id)));

        // Update.
        assertEquals("Renamed " + login, asAdmin.updateAccount(id, new AccountUpdate().name("Renamed " + login)).getName());
        expect(404, "not-found", () -> asAdmin.updateAccount(UUID.randomUUID(), new AccountUpdate().name("Nobody")));
        bad("empty name", () -> expect(400, "validation-failed", () -> asAdmin.updateAccount(id, new AccountUpdate().name(""))));
        expect(403, "forbidden", () -> asUser2.updateAccount(id, new AccountUpdate().name("Not mine")));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.updateAccount(id, new AccountUpdate().name("x"))));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("PATCH", "/v1/accounts/" + id, adminToken, "text/plain", "name=x")));

        // Lock: the account can no longer sign in (403 account-locked); unlock restores it.
        assertTrue(asAdmin.lockAccount(id).getLocked());
        expect(403, "account-locked", () -> new AuthenticationApi(anonymous).signIn(new SignInRequest().loginId(login).password("account-password-1")));
        expect(404, "not-found", () -> asAdmin.lockAccount(UUID.randomUUID()));
        bad("account ID not a UUID", () -> expectRaw(400, () -> raw.send("POST", "/v1/accounts/xyz/lock", adminToken, null, null)));
        expect(403, "forbidden", () -> asUser2.lockAccount(id));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.lockAccount(id)));
        assertFalse(asAdmin.unlockAccount(id).getLocked());
        signIn(login, "account-password-1");
        expect(404, "not-found", () -> asAdmin.unlockAccount(UUID.randomUUID()));
        bad("account ID not a UUID", () -> expectRaw(400, () -> raw.send("POST", "/v1/accounts/xyz/unlock", adminToken, null, null)));
        expect(403, "forbidden", () -> new AccountsApi(auditor).unlockAccount(id));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.unlockAccount(id)));

        // Bulk password reset: a link is mailed, unknown IDs are skipped.
        BulkAccountResponse resets = asAdmin.bulkResetPasswords(new AccountIdList().accountIds(List.of(id, UUID.randomUUID())));
        assertEquals(BulkAccountOutcome.RESET_MAILED, resets.getResults().get(0).getOutcome());
        assertEquals(BulkAccountOutcome.SKIPPED, resets.getResults().get(1).getOutcome());
        bad("no IDs", () -> expect(400, "validation-failed", () -> asAdmin.bulkResetPasswords(new AccountIdList().accountIds(List.of()))));
        expect(403, "forbidden", () -> asUser2.bulkResetPasswords(new AccountIdList().accountIds(List.of(id))));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.bulkResetPasswords(new AccountIdList().accountIds(List.of(id)))));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("POST", "/v1/accounts/bulk-password-reset", adminToken, "text/plain", "x")));

        // Delete one, then the rest in bulk (the caller's own account is skipped).
        ApiResponse<Void> deleted = asAdmin.deleteAccountWithHttpInfo(id, null);
        assertEquals(204, deleted.getStatusCode());
        assertTrue(asAdmin.getAccount(id).getDeleted());
        expect(404, "not-found", () -> asAdmin.deleteAccount(id));
        expect(404, "not-found", () -> asAdmin.updateAccount(id, new AccountUpdate().name("Ghost")));
        expect(404, "not-found", () -> asAdmin.lockAccount(id));
        expect(401, "invalid-credentials", () -> new AuthenticationApi(anonymous).signIn(
                new SignInRequest().loginId(login).password("account-password-1")));
        // Only a system administrator may manage a system administrator's account.
        expect(403, "forbidden", () -> new AccountsApi(userAdmin).lockAccount(adminId));
        expect(409, "cannot-delete-self", () -> asAdmin.deleteAccount(adminId));
        bad("account ID not a UUID", () -> expectRaw(400, () -> raw.send("DELETE", "/v1/accounts/not-a-uuid", adminToken, null, null)));
        expect(403, "forbidden", () -> asUser2.deleteAccount(id));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.deleteAccount(id)));

        UUID doomed = asAdmin.createAccount(new AccountCreate().loginId(unique("doomed")).name("Doomed")).getId();
        BulkAccountResponse bulk = asAdmin.bulkDeleteAccounts(new AccountIdList().accountIds(List.of(doomed, id, adminId, UUID.randomUUID())));
        assertEquals(1, bulk.getSucceededCount());
        assertEquals(3, bulk.getSkippedCount());
        bad("no IDs", () -> expect(400, "validation-failed", () -> asAdmin.bulkDeleteAccounts(new AccountIdList().accountIds(List.of()))));
        expect(403, "forbidden", () -> asUser2.bulkDeleteAccounts(new AccountIdList().accountIds(List.of(doomed))));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.bulkDeleteAccounts(new AccountIdList().accountIds(List.of(doomed)))));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("POST", "/v1/accounts/bulk-delete", adminToken, "text/plain", "x")));

        assertConformant(mark, behaviourMark);
    }

    @Test
    @Order(6)
    void apiTokens() throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        ApiTokensApi asAdmin = new ApiTokensApi(admin);
        ApiTokensApi asUser2 = new ApiTokensApi(user2);
        ApiTokensApi asAnonymous = new ApiTokensApi(anonymous);
        Holder holder = newHolder("tokens");
        UUID tempUser = findAccount("tempuser1");

        // Bulk issue: issued, a duplicate, an unknown ID and an ineligible account.
        BulkIssueResponse issued = asAdmin.bulkIssueApiTokens(new BulkIssueRequest()
                .accountIds(List.of(holder.id(), holder.id(), UUID.randomUUID(), tempUser)), null);
        assertEquals(1, issued.getIssuedCount());
        assertEquals(3, issued.getSkippedCount());
        UUID tokenId = issued.getResults().get(0).getTokenId();
        mailbox.await(holder.mail(), "/console/settings/api-tokens");

        // Idempotency-Key: replay, reuse with another body (422), and a first request still in flight (409).
        String key = "conformance-" + UUID.randomUUID();
        BulkIssueRequest once = new BulkIssueRequest().accountIds(List.of(holder.id()));
        BulkIssueResponse original = asAdmin.bulkIssueApiTokens(once, key);
        assertEquals(original.getResults().get(0).getTokenId(), asAdmin.bulkIssueApiTokens(once, key).getResults().get(0).getTokenId());
        expect(422, "idempotency-key-reused", () -> asAdmin.bulkIssueApiTokens(
                new BulkIssueRequest().accountIds(List.of(holder.id(), tempUser)), key));
        idempotencyKeyInUse(asAdmin, once);
        bad("no IDs", () -> expect(400, "validation-failed", () -> asAdmin.bulkIssueApiTokens(new BulkIssueRequest().accountIds(List.of()), null)));
        bad("body is not JSON", () -> expectRaw(400, () -> raw.send("POST", "/v1/api-tokens/bulk-issue", adminToken, "application/json", "{\"account_ids\": [")));
        expect(403, "forbidden", () -> asUser2.bulkIssueApiTokens(once, null));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.bulkIssueApiTokens(once, null)));
        bad("wrong media type", () -> expectRaw(415, () -> raw.send("POST", "/v1/api-tokens/bulk-issue", adminToken, "text/plain", "x")));

        // List, read, revoke.
        assertFalse(asAdmin.listApiTokens(null, null, null, null).getItems().isEmpty());
        ApiTokenPage newest = asAdmin.listApiTokens(holder.id(), null, 1, null);
        assertNotNull(newest.getNextCursor());
        ApiTokenPage older = asAdmin.listApiTokens(holder.id(), null, 1, newest.getNextCursor());
        assertEquals(1, older.getItems().size());
        ApiTokenPage pending = asAdmin.listApiTokens(holder.id(), ApiTokenStatus.PENDING_PICKUP, null, null);
        assertEquals(1, pending.getItems().size());
        new ApiTokensApi(auditor).listApiTokens(null, ApiTokenStatus.REVOKED, 200, null);
        bad("limit below 1", () -> expect(400, "validation-failed", () -> asAdmin.listApiTokens(null, null, 0, null)));
        expect(403, "forbidden", () -> asUser2.listApiTokens(null, null, null, null));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.listApiTokens(null, null, null, null)));

        UUID current = pending.getItems().get(0).getId();
        assertEquals(holder.id(), asAdmin.getApiToken(tokenId).getAccountId());
        new ApiTokensApi(auditor).getApiToken(current);
        expect(404, "not-found", () -> asAdmin.getApiToken(UUID.randomUUID()));
        bad("token ID not a UUID", () -> expectRaw(400, () -> raw.send("GET", "/v1/api-tokens/not-a-uuid", adminToken, null, null)));
        expect(403, "forbidden", () -> asUser2.getApiToken(current));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.getApiToken(current)));

        ApiToken revoked = asAdmin.revokeApiToken(current);
        assertEquals(ApiTokenStatus.REVOKED, revoked.getStatus());
        assertEquals(ApiTokenStatus.REVOKED, new ApiTokensApi(userAdmin).revokeApiToken(current).getStatus());
        expect(404, "not-found", () -> asAdmin.revokeApiToken(UUID.randomUUID()));
        bad("token ID not a UUID", () -> expectRaw(400, () -> raw.send("POST", "/v1/api-tokens/not-a-uuid/revoke", adminToken, null, null)));
        expect(403, "forbidden", () -> new ApiTokensApi(auditor).revokeApiToken(current));
        bad("no credentials", () -> expect(401, "authentication-required", () -> asAnonymous.revokeApiToken(current)));

        assertConformant(mark, behaviourMark);
    }

    /**
     * 409 idempotency-key-in-use needs a first request with the same key that is still running.
     * No API call stays in flight that long, so the test plays the first request at the storage
     * level: it holds the key's row in an open transaction, exactly as a running bulk issue does,
     * and the server gives up waiting for it after its 10 s lock timeout.
     */
    private void idempotencyKeyInUse(ApiTokensApi asAdmin, BulkIssueRequest body) throws Exception {
        String key = "in-flight-" + UUID.randomUUID();
        try (Connection db = server.openDatabaseConnection()) {
            db.setAutoCommit(false);
            try (PreparedStatement hold = db.prepareStatement("INSERT INTO idempotency_record (actor_id, operation, "
                    + "idempotency_key, request_hash, response_status, response_body, created_at) "
                    + "VALUES (?, 'api-tokens.bulk-issue', ?, '\\x00'::bytea, 0, '', now())")) {
                hold.setObject(1, adminId);
                hold.setString(2, key);
                assertEquals(1, hold.executeUpdate());
            }
            try {
                expect(409, "idempotency-key-in-use", () -> asAdmin.bulkIssueApiTokens(body, key));
            } finally {
                db.rollback();
            }
        }
    }

    @Test
    @Order(7)
    void audit() throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        AuditApi asAdmin = new AuditApi(admin);
        AuditEventPage page = asAdmin.listAuditEvents(null, null, null, null, null, 3, null);
        assertEquals(3, page.getItems().size());
        assertNotNull(page.getNextCursor());
        asAdmin.listAuditEvents(null, null, null, null, null, 3, page.getNextCursor());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AuditEventPage issues = asAdmin.listAuditEvents(AuditAction.API_TOKEN_ISSUED, adminId, null,
                now.minusHours(1), now.plusMinutes(1), 200, null);
        assertFalse(issues.getItems().isEmpty());
        new AuditApi(auditor).listAuditEvents(AuditAction.SYSTEM_PARAMETERS_CHANGED, null, null, null, null, null, null);
        new AuditApi(userAdmin).listAuditEvents(null, null, "password_reset", null, null, null, null);
        // The contract: "`since` after `until` gives 400". A well-formed request, so validated in full.
        expect(400, "validation-failed", () -> asAdmin.listAuditEvents(null, null, null, now, now.minusHours(1), null, null));
        bad("limit above 200", () -> expect(400, "validation-failed", () -> asAdmin.listAuditEvents(null, null, null, null, null, 201, null)));
        expect(403, "forbidden", () -> new AuditApi(user2).listAuditEvents(null, null, null, null, null, null, null));
        bad("no credentials", () -> expect(401, "authentication-required", () -> new AuditApi(anonymous).listAuditEvents(null, null, null, null, null, null, null)));
        assertConformant(mark, behaviourMark);
    }

    @Test
    @Order(100)
    void everyDocumentedStatusExercisedAndEveryExchangeConformant() {
        assertEquals(26, conformance.operations().size(), "the contract's operation count changed: update the flows");
        String failure = conformance.coverageFailures(EXCUSED.keySet(), behaviourMismatches);
        if (!failure.isEmpty()) {
            fail(failure);
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Holder(UUID id, String loginId, String mail, String token, ApiClient session) {
    }

    private Holder newHolder(String prefix) throws ApiException {
        String login = unique(prefix);
        String mail = login + "@example.com";
        Account account = new AccountsApi(admin).createAccount(new AccountCreate().loginId(login).name("Holder " + login)
                .mail(mail).password("holder-password-1").flags(Set.of(AccountFlag.GENERAL_USE_PROHIBITED)));
        String token = signIn(login, "holder-password-1").getAccessToken();
        return new Holder(account.getId(), login, mail, token, clients.bearer(token));
    }

    private UUID issue(UUID accountId) throws ApiException {
        BulkIssueResponse response = new ApiTokensApi(admin).bulkIssueApiTokens(
                new BulkIssueRequest().accountIds(List.of(accountId)), null);
        assertEquals(BulkIssueOutcome.ISSUED, response.getResults().get(0).getOutcome());
        return response.getResults().get(0).getTokenId();
    }

    private UUID findAccount(String loginId) throws ApiException {
        return new AccountsApi(admin).listAccounts(loginId, null, null, null, null).getItems().stream()
                .filter(a -> a.getLoginId().equals(loginId)).findFirst().orElseThrow().getId();
    }

    private SignInResponse signIn(String loginId, String password) throws ApiException {
        return new AuthenticationApi(anonymous).signIn(new SignInRequest().loginId(loginId).password(password));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private int behaviourMark() {
        return behaviourMismatches.size();
    }

    private void assertConformant(int mark, int behaviourMark) {
        List<String> problems = new ArrayList<>(conformance.problemsSince(mark));
        problems.addAll(behaviourMismatches.subList(behaviourMark, behaviourMismatches.size()));
        assertTrue(problems.isEmpty(), () -> "Contract mismatches:\n  " + String.join("\n  ", problems));
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Runs a request that is broken on purpose: only its response is validated. */
    private void bad(String why, Call call) {
        conformance.badRequest(why, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Expects the generated client to fail with {@code status} and a problem of type {@code slug}.
     * A different answer is recorded as a behaviour mismatch and the flow goes on, so one
     * surprise does not hide the rest of the flow's checks.
     */
    private void expect(int status, String slug, Call call) throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        try {
            call.run();
            behaviourMismatch(mark, "expected " + status + " " + slug + ", but the call succeeded");
        } catch (ApiException e) {
            problemMismatch(e.getCode(), e.getResponseBody(), status, slug).ifPresent(what -> behaviourMismatch(mark, what));
        }
    }

    /** As {@link #expect}, for a raw request. */
    private void expectRaw(int status, Callable<HttpResponse<String>> call) throws Exception {
        int mark = conformance.mark();
        int behaviourMark = behaviourMark();
        HttpResponse<String> response = call.call();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/problem+json")) {
            behaviourMismatch(mark, "expected an application/problem+json body, got '" + contentType + "'");
        }
        problemMismatch(response.statusCode(), response.body(), status, null).ifPresent(what -> behaviourMismatch(mark, what));
    }

    private static Optional<String> problemMismatch(int actualStatus, String body, int status, String slug) {
        if (actualStatus != status) {
            return Optional.of("expected " + status + (slug == null ? "" : " " + slug) + ", got " + actualStatus + ": " + body);
        }
        try {
            Problem problem = JSON.readValue(body, Problem.class);
            if (slug != null && (problem.getType() == null || !problem.getType().toString().endsWith("/" + slug))) {
                return Optional.of("expected problem type " + slug + ", got " + problem.getType());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("not a problem body: " + body);
        }
    }

    private void behaviourMismatch(int mark, String what) {
        String exchange = conformance.checkedSince(mark).stream().reduce((first, second) -> second)
                .map(c -> c.method() + " " + c.path() + " → " + c.status()).orElse("(no exchange)");
        behaviourMismatches.add(exchange + ": " + what);
    }

    /** Requests the generated client cannot express, sent through the same recording client. */
    private static final class Raw {

        private final URI base;
        private final HttpClient client;

        Raw(URI base, HttpClient client) {
            this.base = base;
            this.client = client;
        }

        HttpResponse<String> send(String method, String path, String bearer, String contentType, String body)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json, application/problem+json");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
