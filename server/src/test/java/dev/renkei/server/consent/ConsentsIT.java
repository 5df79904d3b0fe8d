package dev.renkei.server.consent;

import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A customer's own consents (list, revoke) and bank accounts. */
@MicronautTest(transactional = false)
class ConsentsIT extends JourneyTestSupport {

    /** Walks a journey to permit and returns the new consent's ID. */
    private String grant(Customer customer, PartnerProgram program, String scope) {
        JourneyClient journey = client(journey(program, scope));
        Http.Response login = journey.login(customer.loginId(), CUSTOMER_PASSWORD);
        assertEquals("consent", login.str("step"), login::toString);
        assertEquals(200, journey.decide("permit").status());
        return rows("SELECT id FROM consent WHERE account_id = ? AND program_id = ? AND revoked_at IS NULL",
                UUID.fromString(customer.id()), program.id()).get(0).get("id").toString();
    }

    @Test
    void listWhenConsentsGrantedThenNewestFirstWithProgramScopesAndMaskedAccounts() {
        Customer customer = customer("lister", "2000002*", "202-2222222*");
        PartnerProgram bank = program("マネーノート", "accounts:read");
        PartnerProgram spots = program("スポット帳", "spots:read");
        String first = grant(customer, bank, "accounts:read");
        String second = grant(customer, spots, "spots:read");

        Http.Response list = http.get("/v1/me/consents", signIn(customer.loginId(), CUSTOMER_PASSWORD));
        assertEquals(200, list.status(), list::toString);
        assertEquals(2, list.list("items").size());
        assertNull(list.at("next_cursor"));
        assertEquals(second, list.str("items/0/id"), "newest first");
        assertEquals(List.of("spots:read"), list.list("items/0/scopes"));
        assertEquals(List.of(), list.list("items/0/accounts"));
        assertEquals(first, list.str("items/1/id"));
        assertEquals("active", list.str("items/1/status"));
        assertEquals(bank.clientId(), list.str("items/1/program/client_id"));
        assertEquals("マネーノート", list.str("items/1/program/name"));
        assertEquals("株式会社テスト", list.str("items/1/program/company_name"));
        assertNotNull(list.str("items/1/granted_at"));
        assertNull(list.at("items/1/revoked_at"));
        assertEquals("***0002", list.str("items/1/accounts/0/account_number_masked"));
        assertEquals("001", list.str("items/1/accounts/0/branch_code"));
        assertEquals("***2222", list.str("items/1/accounts/1/account_number_masked"));
        assertFalse(list.body().contains("2000002"), "consent listings mask account numbers");
    }

    @Test
    void listWhenLimitSmallerThanCountThenKeysetPagesAndForeignCursorRefused() {
        Customer customer = customer("pager");
        PartnerProgram program = program("pager", "spots:read");
        PartnerProgram other = program("pager2", "spots:read");
        PartnerProgram third = program("pager3", "spots:read");
        grant(customer, program, "spots:read");
        grant(customer, other, "spots:read");
        grant(customer, third, "spots:read");
        String session = signIn(customer.loginId(), CUSTOMER_PASSWORD);

        Http.Response page1 = http.get("/v1/me/consents?limit=2", session);
        assertEquals(2, page1.list("items").size(), page1::toString);
        String cursor = page1.str("next_cursor");
        assertNotNull(cursor);
        Http.Response page2 = http.get("/v1/me/consents?limit=2&cursor=" + cursor, session);
        assertEquals(1, page2.list("items").size(), page2::toString);
        assertNull(page2.at("next_cursor"));
        assertEquals(program.clientId(), page2.str("items/0/program/client_id"), "the oldest comes last");

        Customer stranger = customer("stranger");
        Http.Response foreign = http.get("/v1/me/consents?limit=2&cursor=" + cursor,
                signIn(stranger.loginId(), CUSTOMER_PASSWORD));
        assertEquals(400, foreign.status(), "a cursor never continues another customer's list");
        assertEquals(400, http.get("/v1/me/consents?limit=201", session).status());
        assertEquals(400, http.get("/v1/me/consents?limit=0", session).status());
        assertEquals(400, http.get("/v1/me/consents?cursor=garbage", session).status());
    }

    @Test
    void revokeWhenOwnConsentThenRevokedWithItsTokensIdempotentlyAndAudited() throws SQLException {
        Customer customer = customer("revoker", "2000002*");
        PartnerProgram program = program("revoke", "accounts:read");
        String consentId = grant(customer, program, "accounts:read");
        UUID family = UUID.randomUUID();
        try (Connection connection = connectToDatabase();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO token_family (id, consent_id, program_id, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setObject(1, family);
            insert.setObject(2, UUID.fromString(consentId));
            insert.setObject(3, program.id());
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        String session = signIn(customer.loginId(), CUSTOMER_PASSWORD);

        Http.Response revoked = http.post("/v1/me/consents/" + consentId + "/revoke", session, null);
        assertEquals(200, revoked.status(), revoked::toString);
        assertEquals("revoked", revoked.str("status"));
        assertEquals(consentId, revoked.str("id"));
        String revokedAt = revoked.str("revoked_at");
        assertNotNull(revokedAt);
        assertEquals("***0002", revoked.str("accounts/0/account_number_masked"));
        Map<String, Object> tokens = rows("SELECT revoked_at, revoked_reason FROM token_family WHERE id = ?", family).get(0);
        assertNotNull(tokens.get("revoked_at"), "the consent's tokens are revoked with it");
        assertEquals("consent_revoked", tokens.get("revoked_reason"));

        Http.Response again = http.post("/v1/me/consents/" + consentId + "/revoke", session, null);
        assertEquals(200, again.status(), again::toString);
        assertEquals(revokedAt, again.str("revoked_at"), "revoking twice changes nothing");
        List<Map<String, Object>> events = rows("SELECT actor_id FROM audit_event WHERE action = 'consent_revoked' "
                + "AND target_id = ?", consentId);
        assertEquals(1, events.size());
        assertEquals(UUID.fromString(customer.id()), events.get(0).get("actor_id"));
        assertNotNull(rows("SELECT api_pin_registered_at FROM bank_account WHERE id = ?", customer.account("2000002"))
                .get(0).get("api_pin_registered_at"), "inquiry PINs stay registered");

        assertEquals("revoked", http.get("/v1/me/consents", session).str("items/0/status"));
    }

    @Test
    void revokeWhenAnotherCustomersOrUnknownConsentThenNotFound() {
        Customer owner = customer("owner");
        PartnerProgram program = program("foreign", "spots:read");
        String consentId = grant(owner, program, "spots:read");
        Customer intruder = customer("intruder");
        String session = signIn(intruder.loginId(), CUSTOMER_PASSWORD);

        Http.Response foreign = http.post("/v1/me/consents/" + consentId + "/revoke", session, null);
        assertEquals(404, foreign.status(), foreign::toString);
        assertEquals("not-found", foreign.problem());
        assertNull(rows("SELECT revoked_at FROM consent WHERE id = ?", UUID.fromString(consentId)).get(0).get("revoked_at"));
        assertEquals(404, http.post("/v1/me/consents/" + UUID.randomUUID() + "/revoke", session, null).status());
        assertEquals(400, http.post("/v1/me/consents/not-a-uuid/revoke", session, null).status());
        assertEquals(List.of(), http.get("/v1/me/consents", session).list("items"), "nobody else's consents are listed");
    }

    @Test
    void bankAccountsWhenListedThenByBranchAndNumberWithPinStatusAndNeverThePin() {
        Customer customer = customer("banker", "202-1111111", "2000002*", "202-0000001");
        Http.Response list = http.get("/v1/me/bank-accounts", signIn(customer.loginId(), CUSTOMER_PASSWORD));
        assertEquals(200, list.status(), list::toString);
        assertEquals(List.of("2000002", "0000001", "1111111"),
                list.list("items").stream().map(i -> ((Map<?, ?>) i).get("account_number")).toList());
        assertEquals("registered", list.str("items/0/pin_status"));
        assertEquals("unregistered", list.str("items/1/pin_status"));
        assertEquals("ordinary", list.str("items/0/account_type"));
        assertEquals("インターネット支店", list.str("items/0/branch_name"));
        assertEquals("口座名義 2000002", list.str("items/0/holder_name"));
        assertEquals("メモ 2000002", list.str("items/0/memo"));
        assertEquals(customer.account("2000002").toString(), list.str("items/0/id"));
        assertFalse(list.body().contains("pin\"") || list.body().contains("argon2") || list.body().contains("balance"),
                list.body());
    }

    @Test
    void demoCustomerWhenFirstRunThenSeedAccountsWithOneRegistered() {
        Http.Response list = http.get("/v1/me/bank-accounts", signIn(DemoBankAccounts.LOGIN_ID, PASSWORD));
        assertEquals(200, list.status(), list::toString);
        assertEquals(List.of("001-2000002", "202-1111111", "202-2222222", "456-1000014"),
                list.list("items").stream().map(i -> (Map<?, ?>) i)
                        .map(i -> i.get("branch_code") + "-" + i.get("account_number")).toList());
        assertEquals(List.of("unregistered", "unregistered", "registered", "unregistered"),
                list.list("items").stream().map(i -> ((Map<?, ?>) i).get("pin_status")).toList());
        assertEquals("口座名義5678901234567890", list.str("items/0/holder_name"));
        assertEquals("口座メモ5678901234567890", list.str("items/3/memo"));
        assertEquals("豊洲支店", list.str("items/3/branch_name"));
        assertNull(list.at("items/1/holder_name"));
        signIn("admin1", PASSWORD);
    }

    @Test
    void consentsWhenNotSignedInThenUnauthorized() {
        Http.Response response = http.get("/v1/me/consents", null);
        assertEquals(401, response.status(), response::toString);
        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(401, http.get("/v1/me/bank-accounts", null).status());
        assertEquals(401, http.post("/v1/me/consents/" + UUID.randomUUID() + "/revoke", null, null).status());
    }
}
