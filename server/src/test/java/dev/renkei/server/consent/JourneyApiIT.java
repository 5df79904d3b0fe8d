package dev.renkei.server.consent;

import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON consent journey of seed 002: every step, the skip rules, the PIN loop and every refusal. */
@MicronautTest(transactional = false)
class JourneyApiIT extends JourneyTestSupport {

    private static final String ACCOUNTS = "accounts:read";
    private static final String TRANSACTIONS = "transactions:read";

    @Test
    void journeyWhenTwoBankScopesAndUnregisteredAccountsThenEveryStepAndPermitRedirectsWithCode() {
        PartnerProgram program = program("マネーノート", ACCOUNTS, TRANSACTIONS);
        Customer customer = customer("walker", "2000002", "202-1111111", "202-2222222*");
        JourneyClient journey = client(journey(program, ACCOUNTS, TRANSACTIONS));

        Http.Response before = journey.get();
        assertEquals(200, before.status(), before::toString);
        assertEquals("no-store", before.header("Cache-Control"));
        assertEquals("login", before.str("step"));
        assertEquals(program.clientId(), before.str("program/client_id"));
        assertEquals("マネーノート", before.str("program/name"));
        assertEquals(List.of(ACCOUNTS, TRANSACTIONS), before.list("requested_scopes"));
        assertEquals(List.of(), before.list("selected_scopes"));
        assertEquals(List.of(), before.list("accounts"), "no accounts before login");
        assertNull(before.at("redirect_to"));
        String preLoginCsrf = journey.csrf;

        Http.Response login = journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        assertEquals(200, login.status(), login::toString);
        assertEquals("no-store", login.header("Cache-Control"));
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("renkei_journey=")).findFirst().orElseThrow();
        // Cookie attribute names are case-insensitive (RFC 6265 §5.2).
        String attributes = cookie.toLowerCase(java.util.Locale.ROOT);
        assertTrue(attributes.contains("; httponly"), cookie);
        assertTrue(attributes.contains("; samesite=strict"), cookie);
        assertTrue(attributes.contains("; path=/"), cookie);
        assertTrue(attributes.contains("; max-age="), cookie);
        assertFalse(attributes.contains("; secure"), "plain http in tests: no Secure attribute");
        assertEquals("select_services", login.str("step"), "two scopes: the customer chooses");
        assertNotEquals(preLoginCsrf, login.str("csrf_token"), "login renews the CSRF token");
        assertEquals(List.of(), login.list("accounts"), "no accounts until a bank scope is selected");

        Http.Response selected = journey.select(ACCOUNTS);
        assertEquals(200, selected.status(), selected::toString);
        assertEquals("register_pins", selected.str("step"));
        assertEquals(List.of(ACCOUNTS), selected.list("selected_scopes"));
        Map<String, Map<?, ?>> accounts = byNumber(selected);
        assertEquals(Set.of("2000002", "1111111", "2222222"), accounts.keySet());
        assertEquals("unregistered", accounts.get("2000002").get("pin_status"));
        assertEquals(true, accounts.get("2000002").get("selectable"));
        assertEquals(3, ((Number) accounts.get("2000002").get("attempts_left")).intValue());
        assertEquals("registered", accounts.get("2222222").get("pin_status"));
        assertEquals(false, accounts.get("2222222").get("selectable"));
        assertEquals("202", accounts.get("2222222").get("branch_code"));
        assertEquals("ordinary", accounts.get("2222222").get("account_type"));
        assertFalse(selected.body().contains("pin_hash") || selected.body().contains("argon2"), "no PIN material");

        Http.Response registered = journey.pins(entry(customer.account("2000002"), PIN),
                entry(customer.account("1111111"), WRONG_PIN));
        assertEquals(200, registered.status(), registered::toString);
        assertEquals(customer.account("2000002").toString(), registered.str("results/0/account_id"));
        assertEquals("registered", registered.str("results/0/outcome"));
        assertEquals("wrong_pin", registered.str("results/1/outcome"));
        assertEquals("pin_result", registered.str("journey/step"));
        accounts = byNumber(registered.at("journey"));
        assertEquals("registered_pending", accounts.get("2000002").get("pin_status"));
        assertEquals(2, ((Number) accounts.get("1111111").get("attempts_left")).intValue());
        assertFalse(registered.body().contains(PIN) && registered.body().contains("\"pin\""), "PINs are never returned");
        assertNull(pinRegisteredAt(customer.account("2000002")), "registered* takes effect only when permitted");

        Http.Response more = journey.addMore();
        assertEquals(200, more.status(), more::toString);
        assertEquals("register_pins", more.str("step"));
        assertEquals("registered_pending", byNumber(more).get("2000002").get("pin_status"), "earlier PINs stay pending");

        Http.Response second = journey.pins(entry(customer.account("1111111"), PIN));
        assertEquals("registered", second.str("results/0/outcome"), second::toString);
        Http.Response confirmed = journey.confirm();
        assertEquals(200, confirmed.status(), confirmed::toString);
        assertEquals("consent", confirmed.str("step"));

        Http.Response permitted = journey.decide("permit");
        assertEquals(200, permitted.status(), permitted::toString);
        assertEquals("no-store", permitted.header("Cache-Control"));
        String redirectTo = permitted.str("redirect_to");
        Map<String, String> query = query(redirectTo);
        assertTrue(redirectTo.startsWith(REDIRECT_URI + "?"), redirectTo);
        assertTrue(query.get("code").matches("rnk_ac_[0-9A-Za-z]{38}"), redirectTo);
        assertEquals(STATE, query.get("state"));
        assertEquals(oauth.issuer(), query.get("iss"));

        List<Map<String, Object>> consents = consents(customer);
        assertEquals(1, consents.size());
        Map<String, Object> consent = consents.get(0);
        assertEquals(program.id(), consent.get("program_id"));
        assertNull(consent.get("revoked_at"));
        assertEquals(List.of(ACCOUNTS), array(consent.get("scopes")));
        assertEquals(Set.of(customer.account("2000002").toString(), customer.account("1111111").toString(),
                        customer.account("2222222").toString()),
                Set.copyOf(array(consent.get("bank_account_ids"))));
        assertNotNull(pinRegisteredAt(customer.account("2000002")), "pending PINs are registered on permit");
        assertNotNull(pinRegisteredAt(customer.account("1111111")));
        assertEquals(1, rows("SELECT 1 FROM authorization_code WHERE consent_id = ?", consent.get("id")).size());
        assertEquals(1, rows("SELECT 1 FROM audit_event WHERE action = 'consent_granted' AND target_id = ?",
                consent.get("id").toString()).size());

        Http.Response completed = journey.get();
        assertEquals(200, completed.status(), completed::toString);
        assertEquals("completed", completed.str("step"));
        assertEquals(redirectTo, completed.str("redirect_to"), "the journey repeats where the browser must go");
        byte[] sealed = (byte[]) rows("SELECT sealed_redirect FROM authorization_journey WHERE id = ?", journey.id).get(0)
                .get("sealed_redirect");
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains(query.get("code")),
                "the code is not stored in clear");

        Http.Response again = journey.decide("permit");
        assertEquals(409, again.status(), again::toString);
        assertEquals("completed", again.str("current_step"));
    }

    @Test
    void loginWhenProgramAskedOneBankScopeThenNoServicePageAndScopeSelected() {
        PartnerProgram program = program("single", ACCOUNTS, TRANSACTIONS);
        Customer customer = customer("single", "2000002");
        JourneyClient journey = client(journey(program, TRANSACTIONS));

        Http.Response login = journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        assertEquals(200, login.status(), login::toString);
        assertEquals("register_pins", login.str("step"));
        assertEquals(List.of(TRANSACTIONS), login.list("selected_scopes"));
        assertEquals(1, login.list("accounts").size());

        Http.Response services = journey.select(TRANSACTIONS);
        assertEquals(409, services.status(), "the skipped step cannot be taken");
        assertEquals("register_pins", services.str("current_step"));
    }

    @Test
    void loginWhenNoBankScopeThenStraightToConsentWithoutAccounts() {
        PartnerProgram program = program("spots", "spots:read");
        Customer customer = customer("nobank", "2000002");
        JourneyClient journey = client(journey(program, "spots:read"));

        Http.Response login = journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        assertEquals("consent", login.str("step"), login::toString);
        assertEquals(List.of(), login.list("accounts"));

        String redirectTo = journey.decide("permit").str("redirect_to");
        assertNotNull(query(redirectTo).get("code"));
        Map<String, Object> consent = consents(customer).get(0);
        assertEquals(List.of(), array(consent.get("bank_account_ids")), "no bank scope, no accounts");
        assertNull(pinRegisteredAt(customer.account("2000002")));
    }

    @Test
    void selectWhenOnlyNonBankScopeSelectedThenPinPagesSkipped() {
        PartnerProgram program = program("mixed", ACCOUNTS, "spots:read");
        Customer customer = customer("mixed", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS, "spots:read"));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);

        Http.Response selected = journey.select("spots:read");
        assertEquals("consent", selected.str("step"), selected::toString);
        assertEquals(List.of("spots:read"), selected.list("selected_scopes"));
    }

    @Test
    void loginWhenEveryAccountRegisteredThenNoPinPages() {
        PartnerProgram program = program("registered", ACCOUNTS);
        Customer customer = customer("allreg", "2000002*", "202-2222222*");
        JourneyClient journey = client(journey(program, ACCOUNTS));

        Http.Response login = journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        assertEquals("consent", login.str("step"), login::toString);
        assertEquals(2, login.list("accounts").size());
        assertEquals(409, journey.pins(entry(customer.account("2000002"), PIN)).status());

        journey.decide("permit");
        Map<String, Object> consent = consents(customer).get(0);
        assertEquals(2, array(consent.get("bank_account_ids")).size());
    }

    @Test
    void selectWhenEmptyOrNotRequestedThenValidationFailedAndStepKept() {
        PartnerProgram program = program("select", ACCOUNTS, TRANSACTIONS, "spots:read");
        Customer customer = customer("select", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS, TRANSACTIONS));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);

        Http.Response empty = journey.select();
        assertEquals(400, empty.status(), empty::toString);
        Http.Response notRequested = journey.select(ACCOUNTS, "spots:read");
        assertEquals(400, notRequested.status(), notRequested::toString);
        assertEquals("validation-failed", notRequested.problem());
        Http.Response unknown = journey.select("bogus:read");
        assertEquals(400, unknown.status(), unknown::toString);

        assertEquals("select_services", journey.get().str("step"));
        Http.Response both = journey.select(TRANSACTIONS, ACCOUNTS);
        assertEquals(List.of(ACCOUNTS, TRANSACTIONS), both.list("selected_scopes"), "kept in the requested order");
    }

    @Test
    void pinsWhenThreeWrongThenAttemptsExhaustedAndAccountNotCovered() {
        PartnerProgram program = program("wrong", ACCOUNTS);
        Customer customer = customer("wrongpin", "2000002", "202-1111111");
        JourneyClient journey = client(journey(program, ACCOUNTS));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        UUID target = customer.account("2000002");

        assertEquals("wrong_pin", journey.pins(entry(target, WRONG_PIN)).str("results/0/outcome"));
        journey.addMore();
        Http.Response second = journey.pins(entry(target, "0000"));
        assertEquals("wrong_pin", second.str("results/0/outcome"));
        assertEquals(1, ((Number) byNumber(second.at("journey")).get("2000002").get("attempts_left")).intValue());
        journey.addMore();
        Http.Response third = journey.pins(entry(target, "1111"), entry(customer.account("1111111"), PIN));
        assertEquals("attempts_exhausted", third.str("results/0/outcome"), third::toString);
        assertEquals("registered", third.str("results/1/outcome"));
        Map<?, ?> locked = byNumber(third.at("journey")).get("2000002");
        assertEquals(0, ((Number) locked.get("attempts_left")).intValue());
        assertEquals(false, locked.get("selectable"));

        journey.addMore();
        Http.Response rightTooLate = journey.pins(entry(target, PIN));
        assertEquals("attempts_exhausted", rightTooLate.str("results/0/outcome"), "locked for the rest of the journey");

        assertEquals("consent", journey.confirm().str("step"));
        journey.decide("permit");
        Map<String, Object> consent = consents(customer).get(0);
        assertEquals(List.of(customer.account("1111111").toString()), array(consent.get("bank_account_ids")));
        assertNull(pinRegisteredAt(target));
    }

    @Test
    void pinsWhenForeignRegisteredOrPendingAccountThenNotCheckedWithOutcome() {
        PartnerProgram program = program("outcomes", ACCOUNTS);
        Customer customer = customer("outcomes", "2000002", "202-2222222*");
        Customer other = customer("other", "3000003");
        JourneyClient journey = client(journey(program, ACCOUNTS));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);

        Http.Response first = journey.pins(entry(customer.account("2000002"), PIN),
                entry(customer.account("2222222"), WRONG_PIN), entry(other.account("3000003"), PIN),
                entry(UUID.randomUUID(), PIN));
        assertEquals(200, first.status(), first::toString);
        assertEquals(List.of("registered", "already_registered", "not_selectable", "not_selectable"),
                first.list("results").stream().map(r -> ((Map<?, ?>) r).get("outcome")).toList());
        journey.addMore();
        assertEquals("already_registered", journey.pins(entry(customer.account("2000002"), WRONG_PIN))
                .str("results/0/outcome"), "a pending account is not checked again");
        assertEquals("registered_pending", byNumber(journey.get()).get("2000002").get("pin_status"));
    }

    @Test
    void pinsWhenDuplicateAccountOrBadPinThenValidationFailedAndNothingCounted() {
        PartnerProgram program = program("invalid", ACCOUNTS);
        Customer customer = customer("invalid", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        UUID account = customer.account("2000002");

        Http.Response duplicate = journey.pins(entry(account, WRONG_PIN), entry(account, WRONG_PIN));
        assertEquals(400, duplicate.status(), duplicate::toString);
        assertEquals("validation-failed", duplicate.problem());
        assertEquals(400, journey.pins(entry(account, "123")).status());
        assertEquals(400, journey.pins(entry(account, "12a4")).status());
        assertEquals(400, journey.post("/pins", Map.of("entries", List.of())).status());

        Http.Response after = journey.get();
        assertEquals("register_pins", after.str("step"));
        assertEquals(3, ((Number) byNumber(after).get("2000002").get("attempts_left")).intValue(), "nothing was checked");
    }

    @Test
    void decideWhenDenyThenAccessDeniedRedirectAndNothingRecorded() {
        PartnerProgram program = program("deny", ACCOUNTS);
        Customer customer = customer("deny", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        journey.pins(entry(customer.account("2000002"), PIN));
        journey.confirm();

        Http.Response denied = journey.decide("deny");
        assertEquals(200, denied.status(), denied::toString);
        Map<String, String> query = query(denied.str("redirect_to"));
        assertEquals("access_denied", query.get("error"));
        assertNotNull(query.get("error_description"));
        assertEquals(STATE, query.get("state"));
        assertEquals(oauth.issuer(), query.get("iss"));
        assertNull(query.get("code"));

        assertEquals(0, consents(customer).size());
        assertNull(pinRegisteredAt(customer.account("2000002")), "a PIN registered in a denied journey is discarded");
        Http.Response completed = journey.get();
        assertEquals("completed", completed.str("step"));
        assertEquals(denied.str("redirect_to"), completed.str("redirect_to"));
        assertEquals("unregistered", byNumber(completed).get("2000002").get("pin_status"));
    }

    @Test
    void permitWhenProgramDisabledMeanwhileThenUnauthorizedClientAndNothingRecorded() {
        PartnerProgram program = program("disabled", "spots:read");
        Customer customer = customer("disabled");
        JourneyClient journey = client(journey(program, "spots:read"));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        tx.executeWrite(status -> {
            programs.update(new PartnerProgram(program.id(), program.clientId(), program.name(), program.companyName(),
                    program.clientType(), null, null, program.redirectUris(), program.allowedScopes(),
                    program.dailyQuota(), false, false, null, program.createdAt(), clock.instant()));
            return null;
        });

        Http.Response permitted = journey.decide("permit");
        assertEquals(200, permitted.status(), permitted::toString);
        Map<String, String> query = query(permitted.str("redirect_to"));
        assertEquals("unauthorized_client", query.get("error"));
        assertNull(query.get("code"));
        assertEquals(0, consents(customer).size());
    }

    @Test
    void permitWhenCustomerAlreadyConsentedToProgramThenEarlierConsentRevoked() {
        PartnerProgram program = program("twice", "spots:read");
        Customer customer = customer("twice");
        for (int i = 0; i < 2; i++) {
            JourneyClient journey = client(journey(program, "spots:read"));
            journey.login(customer.loginId(), CUSTOMER_PASSWORD);
            assertEquals(200, journey.decide("permit").status());
        }
        List<Map<String, Object>> consents = consents(customer);
        assertEquals(2, consents.size());
        assertNotNull(consents.get(0).get("revoked_at"), "the earlier consent is revoked");
        assertNull(consents.get(1).get("revoked_at"));
    }

    @Test
    void loginWhenFiveWrongPasswordsThenAccountLockedHereAndAtSignIn() {
        PartnerProgram program = program("lockout", ACCOUNTS);
        Customer customer = customer("lockout", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS));
        journey.get();

        for (int i = 0; i < 5; i++) {
            Http.Response wrong = journey.login(customer.loginId(), "wrong-password-" + i);
            assertEquals(401, wrong.status(), wrong::toString);
            assertEquals("invalid-credentials", wrong.problem());
        }
        Http.Response locked = journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        assertEquals(403, locked.status(), locked::toString);
        assertEquals("account-locked", locked.problem());
        Http.Response signIn = http.post("/v1/auth/sign-in", null,
                Map.of("login_id", customer.loginId(), "password", CUSTOMER_PASSWORD));
        assertEquals(403, signIn.status(), "the same lockout as sign-in");
        assertEquals(5, rows("SELECT 1 FROM audit_event WHERE action = 'sign_in_failed' AND target_id = ?",
                customer.id()).size());
        assertEquals("login", journey.get().str("step"));

        Http.Response unknown = journey.login("nobody-" + UUID.randomUUID(), CUSTOMER_PASSWORD);
        assertEquals(401, unknown.status());
        assertEquals(unknown.str("detail"), journey.login(customer.loginId(), "wrong-again").str("detail"),
                "the answer does not tell which of the two was wrong");
    }

    @Test
    void loginWhenTemporaryOrGeneralUseProhibitedThenSignInProhibited() {
        PartnerProgram program = program("prohibited", ACCOUNTS);
        for (String loginId : List.of("tempuser1", "user1")) {
            JourneyClient journey = client(journey(program, ACCOUNTS));
            Http.Response refused = journey.login(loginId, PASSWORD);
            assertEquals(403, refused.status(), refused::toString);
            assertEquals("sign-in-prohibited", refused.problem());
            assertNull(refused.header("Set-Cookie"));
        }
    }

    @Test
    void operationWhenNotCurrentStepThenConflictWithCurrentStep() {
        PartnerProgram program = program("order", ACCOUNTS, TRANSACTIONS);
        Customer customer = customer("order", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS, TRANSACTIONS));

        Http.Response early = journey.get();
        assertEquals("login", early.str("step"));
        Http.Response decisionBeforeLogin = journey.decide("permit");
        assertEquals(409, decisionBeforeLogin.status(), decisionBeforeLogin::toString);
        assertEquals("journey-step-invalid", decisionBeforeLogin.problem());
        assertEquals("login", decisionBeforeLogin.str("current_step"));

        journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        for (Http.Response response : List.of(journey.decide("permit"), journey.confirm(), journey.addMore(),
                journey.pins(entry(customer.account("2000002"), PIN)),
                journey.post("/login", Map.of("login_id", customer.loginId(), "password", CUSTOMER_PASSWORD)))) {
            assertEquals(409, response.status(), response::toString);
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertEquals("journey-step-invalid", response.problem());
            assertEquals("select_services", response.str("current_step"));
            assertEquals(409, ((Number) response.at("status")).intValue());
            assertNotNull(response.str("request_id"));
            assertTrue(response.str("instance").startsWith("/v1/authorization-journeys/"));
        }
    }

    @Test
    void journeyWhenOlderThanTenMinutesThenGoneEverywhere() {
        PartnerProgram program = program("expiry", ACCOUNTS, TRANSACTIONS);
        Customer customer = customer("expiry", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS, TRANSACTIONS));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        journey.select(ACCOUNTS);
        journey.pins(entry(customer.account("2000002"), PIN));

        clock.advance(Duration.ofMinutes(11));
        Http.Response read = journey.get();
        assertEquals(410, read.status(), read::toString);
        assertEquals("journey-expired", read.problem());
        for (Http.Response response : List.of(journey.confirm(), journey.decide("permit"))) {
            assertEquals(410, response.status(), response::toString);
            assertEquals("journey-expired", response.problem());
        }
        assertNull(pinRegisteredAt(customer.account("2000002")), "pending PINs of an expired journey never take effect");

        JourneyClient fresh = client(journey(program, ACCOUNTS));
        clock.advance(Duration.ofMinutes(10));
        Http.Response login = fresh.post("/login", Map.of("login_id", customer.loginId(), "password", CUSTOMER_PASSWORD));
        assertEquals(403, login.status(), "no CSRF token was read");
        fresh.csrf = "anything";
        assertEquals(410, fresh.post("/login", Map.of("login_id", customer.loginId(), "password", CUSTOMER_PASSWORD)).status());
    }

    @Test
    void postWhenCsrfTokenMissingOrWrongThenForbidden() {
        PartnerProgram program = program("csrf", ACCOUNTS, TRANSACTIONS);
        Customer customer = customer("csrf", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS, TRANSACTIONS));
        journey.get();
        String preLogin = journey.csrf;
        Map<String, String> credentials = Map.of("login_id", customer.loginId(), "password", CUSTOMER_PASSWORD);

        Http.Response missing = http.post(journey.path("/login"), null, credentials);
        assertEquals(403, missing.status(), missing::toString);
        assertEquals("csrf-token-invalid", missing.problem());
        assertNotNull(missing.header("X-Request-Id"));
        Http.Response wrong = http.post(journey.path("/login"), null, credentials, Map.of("X-CSRF-Token", preLogin + "x"));
        assertEquals(403, wrong.status(), wrong::toString);
        assertEquals("csrf-token-invalid", wrong.problem());
        assertEquals("login", journey.get().str("step"), "nothing happened");
        assertEquals(0, rows("SELECT 1 FROM audit_event WHERE action LIKE 'sign_in%' AND target_id = ?",
                customer.id()).size(), "a refused CSRF token is checked before the password");

        assertEquals(200, journey.login(customer.loginId(), CUSTOMER_PASSWORD).status());
        journey.csrf = preLogin;
        Http.Response stale = journey.select(ACCOUNTS);
        assertEquals(403, stale.status(), "the token from before login is no longer valid");
        assertEquals("csrf-token-invalid", stale.problem());
        journey.csrf = null;
        assertEquals(403, journey.addMore().status());
        assertEquals(403, journey.decide("deny").status());
    }

    @Test
    void operationWhenSessionCookieMissingAfterLoginThenAuthenticationRequired() {
        PartnerProgram program = program("session", ACCOUNTS, TRANSACTIONS);
        Customer customer = customer("session", "2000002");
        JourneyClient journey = client(journey(program, ACCOUNTS, TRANSACTIONS));
        journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        String session = journey.session;

        journey.session = null;
        Http.Response read = journey.get();
        assertEquals(401, read.status(), read::toString);
        assertEquals("authentication-required", read.problem());
        assertNotNull(read.header("WWW-Authenticate"));
        Http.Response select = journey.select(ACCOUNTS);
        assertEquals(401, select.status(), select::toString);
        assertEquals("authentication-required", select.problem());

        journey.session = session.substring(1) + "A";
        assertEquals(401, journey.get().status(), "another browser's cookie does not fit");
        journey.session = session;
        assertEquals(200, journey.select(ACCOUNTS).status());
    }

    @Test
    void journeyWhenUnknownThenNotFoundAndMalformedIdThenBadRequest() {
        Http.Response unknown = http.get("/v1/authorization-journeys/" + random(32), null);
        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals("not-found", unknown.problem());
        Http.Response malformed = http.get("/v1/authorization-journeys/short", null);
        assertEquals(400, malformed.status(), malformed::toString);
    }

    private static Map<String, Map<?, ?>> byNumber(Http.Response journey) {
        return byNumber(journey.json());
    }

    private static Map<String, Map<?, ?>> byNumber(Object journey) {
        List<?> accounts = (List<?>) ((Map<?, ?>) journey).get("accounts");
        return accounts.stream().map(a -> (Map<?, ?>) a)
                .collect(Collectors.toMap(a -> (String) a.get("account_number"), a -> a));
    }

    private Object pinRegisteredAt(UUID bankAccountId) {
        return rows("SELECT api_pin_registered_at FROM bank_account WHERE id = ?", bankAccountId).get(0)
                .get("api_pin_registered_at");
    }

    /** The customer's consents, oldest first; arrays as lists of strings. */
    private List<Map<String, Object>> consents(Customer customer) {
        return rows("SELECT id, program_id, revoked_at, array_to_string(scopes, ',') AS scopes, "
                + "array_to_string(bank_account_ids, ',') AS bank_account_ids FROM consent WHERE account_id = ? "
                + "ORDER BY granted_at, id", UUID.fromString(customer.id()));
    }

    private static List<Object> array(Object joined) {
        String text = (String) joined;
        return text.isEmpty() ? List.of() : Arrays.asList((Object[]) text.split(","));
    }

    static Map<String, String> query(String uri) {
        Map<String, String> out = new HashMap<>();
        String raw = URI.create(uri).getRawQuery();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            out.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
