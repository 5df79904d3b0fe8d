package dev.renkei.server.resource.bank;

import dev.renkei.server.consent.DemoBankAccounts;
import dev.renkei.server.program.DemoPrograms;
import dev.renkei.server.resource.ResourceApiTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank inquiries over HTTP, called as a partner program does: with an OAuth access token from
 * the token endpoint, for a consent of shikuan01 (seed 002) that covers three of the customer's
 * four accounts (2222222 left out, as on the seed's screen).
 */
@MicronautTest(transactional = false)
class BankAccountsApiIT extends ResourceApiTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCOUNTS = "/v1/resources/bank/accounts";

    private BankFixtures fixtures;
    private String token;
    /** shikuan01's accounts by number: 2000002, 1111111, 2222222, 1000014. */
    private final Map<String, UUID> accounts = new HashMap<>();
    private UUID otherAccount;

    @BeforeAll
    void consent() {
        fixtures = context.getBean(BankFixtures.class);
        UUID customer = accountId(DemoBankAccounts.LOGIN_ID);
        fixtures.accountsOf(customer).forEach(a -> accounts.put(a.accountNumber(), a.id()));
        UUID consent = fixtures.consent(customer,
                List.of(accounts.get("2000002"), accounts.get("1111111"), accounts.get("1000014")));
        token = accessToken(consent);
        // user2 consents too, to their own account: it must stay invisible to shikuan01's token.
        UUID other = accountId("user2");
        otherAccount = fixtures.addBankAccount(other, "101", "7654321", 300_000);
        accessToken(fixtures.consent(other, List.of(otherAccount)));
    }

    private UUID accountId(String loginId) {
        return (UUID) rows("SELECT id FROM account WHERE login_id = ?", loginId).get(0).get("id");
    }

    /** The code exchange of RFC 6749 §4.1.3 with PKCE, as the demo program sends it. */
    private String accessToken(UUID consent) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String code = fixtures.code(consent, challengeOf(verifier));
        // @BeforeAll runs before the base class connects its client.
        Http client = new Http(server.getURI());
        String form = "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri="
                + encode(DemoPrograms.REDIRECT_URIS.get(0)) + "&code_verifier=" + encode(verifier);
        String basic = Base64.getEncoder().encodeToString((encode(DemoPrograms.CLIENT_ID) + ":"
                + encode(DemoPrograms.CLIENT_SECRET)).getBytes(StandardCharsets.UTF_8));
        Http.Response response = client.send("POST", "/oauth2/token", null, form,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization", "Basic " + basic));
        assertEquals(200, response.status(), response::toString);
        return response.str("access_token");
    }

    private static String challengeOf(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Http.Response get(String path) {
        return http.get(path, token);
    }

    private static LocalDate today() {
        return LocalDate.now(BankInquiryService.BANK_ZONE);
    }

    private String transactions(String number) {
        return ACCOUNTS + "/" + accounts.get(number) + "/transactions";
    }

    @Test
    void listBankAccountsWhenConsentedThenCoveredAccountsWithBalance() {
        Http.Response response = get(ACCOUNTS);
        assertEquals(200, response.status(), response::toString);
        assertTrue(response.header("Content-Type").startsWith("application/json"));
        List<?> items = response.list("items");
        assertEquals(3, items.size(), response::toString);
        assertEquals(accounts.get("2000002").toString(), response.str("items/0/id"));
        assertEquals("インターネット支店", response.str("items/0/branch_name"));
        assertEquals("001", response.str("items/0/branch_code"));
        assertEquals("ordinary", response.str("items/0/account_type"));
        assertEquals("2000002", response.str("items/0/account_number"));
        assertEquals("口座名義5678901234567890", response.str("items/0/holder_name"));
        assertEquals(1_250_000L, ((Number) response.at("items/0/balance")).longValue());
        assertEquals("JPY", response.str("items/0/currency"));
        assertNotNull(response.str("items/0/balance_as_of"));
        assertEquals("1111111", response.str("items/1/account_number"));
        assertNull(response.str("items/1/holder_name"));
        assertEquals("1000014", response.str("items/2/account_number"));
        assertEquals(87_654L, ((Number) response.at("items/2/balance")).longValue());
        assertNull(response.at("next_cursor"));
    }

    @Test
    void listBankAccountsWhenPagedByOneThenEveryAccountOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = get(ACCOUNTS + "?limit=1" + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            assertEquals(200, page.status(), page::toString);
            assertEquals(1, page.list("items").size());
            seen.add(page.str("items/0/account_number"));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of("2000002", "1111111", "1000014"), seen);
    }

    @Test
    void listBankAccountsWhenLimitAbove200ThenBadRequest() {
        Http.Response response = get(ACCOUNTS + "?limit=201");
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
        assertEquals(400, get(ACCOUNTS + "?limit=0").status());
    }

    @Test
    void listBankAccountsWhenCursorUndecodableThenBadRequest() {
        Http.Response response = get(ACCOUNTS + "?cursor=not-a-cursor");
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
    }

    @Test
    void getBankAccountWhenCoveredThenItsBalance() {
        Http.Response response = get(ACCOUNTS + "/" + accounts.get("1000014"));
        assertEquals(200, response.status(), response::toString);
        assertEquals("豊洲支店", response.str("branch_name"));
        assertEquals("456", response.str("branch_code"));
        assertEquals(87_654L, ((Number) response.at("balance")).longValue());
    }

    @Test
    void getBankAccountWhenOwnButNotCoveredThenNotFound() {
        Http.Response response = get(ACCOUNTS + "/" + accounts.get("2222222"));
        assertEquals(404, response.status(), response::toString);
        assertEquals("not-found", response.problem());
        assertTrue(response.header("Content-Type").startsWith("application/problem+json"));
    }

    @Test
    void getBankAccountWhenAnotherCustomersThenNotFoundLikeAnUnknownId() {
        Http.Response other = get(ACCOUNTS + "/" + otherAccount);
        Http.Response unknown = get(ACCOUNTS + "/" + UUID.randomUUID());
        assertEquals(404, other.status(), other::toString);
        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals("not-found", other.problem());
        assertEquals(unknown.str("title"), other.str("title"));
    }

    @Test
    void getBankAccountWhenIdNotUuidThenBadRequest() {
        assertEquals(400, get(ACCOUNTS + "/2000002").status());
    }

    @Test
    void listBankTransactionsWhenNoRangeThenNewestFirstEndingAtTheBalance() {
        Http.Response response = get(transactions("2000002"));
        assertEquals(200, response.status(), response::toString);
        List<?> items = response.list("items");
        assertTrue(!items.isEmpty() && items.size() <= 50, response::toString);
        assertEquals(accounts.get("2000002").toString(), response.str("items/0/account_id"));
        assertEquals(1_250_000L, ((Number) response.at("items/0/balance_after")).longValue());
        for (int i = 1; i < items.size(); i++) {
            long later = ((Number) response.at("items/" + (i - 1) + "/balance_after")).longValue();
            long laterAmount = ((Number) response.at("items/" + (i - 1) + "/amount")).longValue();
            long earlier = ((Number) response.at("items/" + i + "/balance_after")).longValue();
            assertEquals(later, earlier + laterAmount);
            assertTrue(response.str("items/" + i + "/booked_on").compareTo(response.str("items/" + (i - 1) + "/booked_on")) <= 0);
        }
        String type = response.str("items/0/type");
        long amount = ((Number) response.at("items/0/amount")).longValue();
        assertEquals(amount > 0 ? "deposit" : "withdrawal", type);
        assertNotNull(response.str("items/0/description"));
        assertNotNull(response.str("items/0/transacted_at"));
    }

    @Test
    void listBankTransactionsWhenPagedThenEveryTransactionOnce() {
        String range = "?from=" + today().minusDays(120) + "&to=" + today();
        for (String order : List.of("newest_first", "oldest_first")) {
            List<String> ids = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Http.Response page = get(transactions("1111111") + range + "&order=" + order + "&limit=15"
                        + (cursor == null ? "" : "&cursor=" + encode(cursor)));
                assertEquals(200, page.status(), page::toString);
                page.list("items").forEach(i -> ids.add((String) ((Map<?, ?>) i).get("id")));
                cursor = page.str("next_cursor");
                pages++;
            } while (cursor != null && pages < 10);
            assertEquals(3, pages, "40 transactions by 15");
            Set<String> unique = new HashSet<>(ids);
            assertEquals(ids.size(), unique.size(), "no transaction twice");
            List<String> stored = rows("SELECT id::text AS id FROM rs_bank_transaction WHERE bank_account_id = ? "
                    + "ORDER BY booked_on, transacted_at, id", accounts.get("1111111")).stream()
                    .map(r -> (String) r.get("id")).toList();
            List<String> expected = "newest_first".equals(order) ? reversed(stored) : stored;
            assertEquals(expected, ids);
        }
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    @Test
    void listBankTransactionsWhenOldestFirstThenBalancesAddUpToTheBalance() {
        Http.Response response = get(transactions("1000014") + "?from=" + today().minusDays(120) + "&order=oldest_first&limit=200");
        assertEquals(200, response.status(), response::toString);
        List<?> items = response.list("items");
        assertEquals(40, items.size());
        for (int i = 1; i < items.size(); i++) {
            long before = ((Number) response.at("items/" + (i - 1) + "/balance_after")).longValue();
            long amount = ((Number) response.at("items/" + i + "/amount")).longValue();
            assertEquals(before + amount, ((Number) response.at("items/" + i + "/balance_after")).longValue());
        }
        assertEquals(87_654L, ((Number) response.at("items/39/balance_after")).longValue());
    }

    @Test
    void listBankTransactionsWhenFromAfterToThenBadRequest() {
        Http.Response response = get(transactions("2000002") + "?from=2026-11-02&to=2026-11-01");
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
        assertEquals("from", response.str("errors/0/pointer"));
    }

    @Test
    void listBankTransactionsWhenRangeOverOneYearThenBadRequest() {
        Http.Response response = get(transactions("2000002") + "?from=2025-10-31&to=2026-11-01");
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
        assertEquals(200, get(transactions("2000002") + "?from=2025-11-01&to=2026-11-01").status());
    }

    @Test
    void listBankTransactionsWhenDateMalformedThenBadRequest() {
        for (String query : List.of("?from=2026-13-01", "?from=20261101", "?to=yesterday", "?from=%2B999999999-12-31")) {
            Http.Response response = get(transactions("2000002") + query);
            assertEquals(400, response.status(), () -> query + ": " + response);
        }
    }

    @Test
    void listBankTransactionsWhenOrderUnknownThenBadRequest() {
        Http.Response response = get(transactions("2000002") + "?order=random");
        assertEquals(400, response.status(), response::toString);
    }

    @Test
    void listBankTransactionsWhenLimitAbove200ThenBadRequest() {
        Http.Response response = get(transactions("2000002") + "?limit=201");
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
    }

    @Test
    void listBankTransactionsWhenAccountNotCoveredThenNotFound() {
        Http.Response response = get(transactions("2222222"));
        assertEquals(404, response.status(), response::toString);
        assertEquals("not-found", response.problem());
    }

    @Test
    void listBankTransactionsWhenAnotherCustomersAccountThenNotFound() {
        Http.Response response = get(ACCOUNTS + "/" + otherAccount + "/transactions");
        assertEquals(404, response.status(), response::toString);
        assertEquals("not-found", response.problem());
    }
}
