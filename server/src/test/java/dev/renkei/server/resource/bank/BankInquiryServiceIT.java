package dev.renkei.server.resource.bank;

import dev.renkei.server.consent.DemoBankAccounts;
import dev.renkei.server.resource.ResourceApiTest;
import dev.renkei.server.resource.bank.BankInquiryService.ConsentedAccount;
import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank inquiries' logic on real PostgreSQL, through the service bean: which accounts a
 * consent reaches, the date range rules, paging, and the generated histories. The same behaviour
 * over HTTP with a real access token is {@link BankAccountsApiIT}.
 */
@MicronautTest(transactional = false)
class BankInquiryServiceIT extends ResourceApiTest {

    private BankInquiryService service;
    private BankFixtures fixtures;
    private UUID customer;
    /** shikuan01's accounts by number: 2000002, 1111111, 2222222, 1000014. */
    private Map<String, UUID> accounts;
    private ConsentedAccounts caller;
    private UUID otherCustomer;
    private UUID otherAccount;

    private record Caller(UUID customerAccountId, UUID consentId) implements ConsentedAccounts {
    }

    @BeforeAll
    void consent() {
        service = context.getBean(BankInquiryService.class);
        fixtures = context.getBean(BankFixtures.class);
        customer = accountId(DemoBankAccounts.LOGIN_ID);
        accounts = new HashMap<>();
        fixtures.accountsOf(customer).forEach(a -> accounts.put(a.accountNumber(), a.id()));
        // As in seed 002's screen: every account but 2222222 selected.
        caller = new Caller(customer, fixtures.consent(customer,
                List.of(accounts.get("2000002"), accounts.get("1111111"), accounts.get("1000014"))));
        otherCustomer = accountId("user2");
        otherAccount = fixtures.addBankAccount(otherCustomer, "101", "7654321", 300_000);
    }

    private UUID accountId(String loginId) {
        return (UUID) rows("SELECT id FROM account WHERE login_id = ?", loginId).get(0).get("id");
    }

    @Test
    void generateWhenDemoAccountsThenFortyTransactionsEndingAtTheirBalance() {
        assertEquals(4, accounts.size());
        for (UUID account : accounts.values()) {
            long balance = (Long) rows("SELECT balance FROM bank_account WHERE id = ?", account).get(0).get("balance");
            List<Map<String, Object>> history = rows("SELECT * FROM rs_bank_transaction WHERE bank_account_id = ? "
                    + "ORDER BY booked_on, transacted_at, id", account);
            assertEquals(BankTransactionGenerator.DEMO_PER_ACCOUNT, history.size());
            assertHistoryAddsUp(history, balance);
        }
    }

    @Test
    void generateWhenRunAgainThenOnlyAccountsWithoutHistoryGetOne() {
        UUID fresh = fixtures.addBankAccount(otherCustomer, "102", "1234567", 55_555);
        long before = count("SELECT count(*) FROM rs_bank_transaction");
        long withoutHistory = count("SELECT count(*) FROM bank_account b WHERE NOT EXISTS "
                + "(SELECT 1 FROM rs_bank_transaction t WHERE t.bank_account_id = b.id)");
        assertTrue(withoutHistory >= 1);
        fixtures.generate(ResourceVolume.demo(clock.instant()));
        List<Map<String, Object>> history = rows("SELECT * FROM rs_bank_transaction WHERE bank_account_id = ? "
                + "ORDER BY booked_on, transacted_at, id", fresh);
        assertEquals(BankTransactionGenerator.DEMO_PER_ACCOUNT, history.size());
        assertHistoryAddsUp(history, 55_555);
        // Only the accounts without a history got one; the demo accounts kept theirs, and a second run adds nothing.
        long after = before + withoutHistory * BankTransactionGenerator.DEMO_PER_ACCOUNT;
        assertEquals(after, count("SELECT count(*) FROM rs_bank_transaction"));
        fixtures.generate(ResourceVolume.demo(clock.instant()));
        assertEquals(after, count("SELECT count(*) FROM rs_bank_transaction"));
    }

    private void assertHistoryAddsUp(List<Map<String, Object>> history, long balance) {
        Instant now = clock.instant();
        long previous = (Long) history.get(0).get("balance_after") - (Long) history.get(0).get("amount");
        assertTrue(previous >= 0, "opening balance " + previous);
        for (Map<String, Object> row : history) {
            long amount = (Long) row.get("amount");
            long after = (Long) row.get("balance_after");
            assertEquals(previous + amount, after, row::toString);
            assertTrue(after >= 0, row::toString);
            assertEquals(amount > 0 ? "deposit" : "withdrawal", row.get("type"), row::toString);
            Instant at = ((java.sql.Timestamp) row.get("transacted_at")).toInstant();
            assertFalse(at.isAfter(now), row::toString);
            assertTrue(at.isAfter(now.minus(BankTransactionGenerator.HISTORY_DAYS + 2, ChronoUnit.DAYS)), row::toString);
            assertEquals(LocalDate.ofInstant(at, BankInquiryService.BANK_ZONE), ((java.sql.Date) row.get("booked_on")).toLocalDate());
            assertFalse(((String) row.get("description")).isBlank());
            previous = after;
        }
        assertEquals(balance, previous);
    }

    private long count(String sql) {
        return (Long) rows(sql).get(0).get("count");
    }

    @Test
    void listAccountsWhenConsentCoversThreeThenThoseInBankOrderWithBalance() {
        Instant before = clock.instant();
        Page<ConsentedAccount> page = service.listAccounts(caller, null, 50);
        assertEquals(List.of("001/2000002", "202/1111111", "456/1000014"),
                page.items().stream().map(c -> c.account().branchCode() + "/" + c.account().accountNumber()).toList());
        assertNull(page.nextCursor());
        ConsentedAccount first = page.items().get(0);
        assertEquals(1_250_000, first.account().balance());
        assertEquals("インターネット支店", first.account().branchName());
        assertFalse(first.balanceAsOf().isBefore(before));
    }

    @Test
    void listAccountsWhenPagedByOneThenEveryAccountOnce() {
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<ConsentedAccount> page = service.listAccounts(caller, cursor, 1);
            page.items().forEach(c -> seen.add(c.account().id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of(accounts.get("2000002"), accounts.get("1111111"), accounts.get("1000014")), seen);
        assertEquals(3, pages);
    }

    @Test
    void listAccountsWhenCursorOfAnotherConsentThenValidationFailed() {
        String cursor = service.listAccounts(caller, null, 1).nextCursor();
        ConsentedAccounts other = new Caller(otherCustomer, fixtures.consent(otherCustomer, List.of(otherAccount)));
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listAccounts(other, cursor, 1));
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listAccounts(caller, "not-a-cursor", 1));
    }

    @Test
    void listAccountsWhenLimitAbove200ThenValidationFailed() {
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listAccounts(caller, null, 201));
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listAccounts(caller, null, 0));
    }

    @Test
    void getAccountWhenCoveredThenItsBalance() {
        ConsentedAccount account = service.getAccount(caller, accounts.get("1000014"));
        assertEquals(87_654, account.account().balance());
        assertEquals("豊洲支店", account.account().branchName());
    }

    @Test
    void getAccountWhenOwnButNotCoveredThenNotFound() {
        assertProblem(ProblemType.NOT_FOUND, () -> service.getAccount(caller, accounts.get("2222222")));
    }

    @Test
    void getAccountWhenAnotherCustomersThenNotFound() {
        assertProblem(ProblemType.NOT_FOUND, () -> service.getAccount(caller, otherAccount));
        assertProblem(ProblemType.NOT_FOUND, () -> service.getAccount(caller, UUID.randomUUID()));
    }

    @Test
    void getAccountWhenConsentListsAnotherCustomersAccountThenNotFound() {
        // A consent only ever reaches its own customer's accounts, whatever its list says.
        UUID forged = fixtures.consent(otherCustomer, List.of(otherAccount, accounts.get("2000002")));
        ConsentedAccounts other = new Caller(otherCustomer, forged);
        assertEquals(otherAccount, service.getAccount(other, otherAccount).account().id());
        assertProblem(ProblemType.NOT_FOUND, () -> service.getAccount(other, accounts.get("2000002")));
        assertEquals(List.of(otherAccount),
                service.listAccounts(other, null, 50).items().stream().map(c -> c.account().id()).toList());
    }

    @Test
    void getAccountWhenCallerIsNotTheConsentsCustomerThenNotFound() {
        ConsentedAccounts mismatched = new Caller(otherCustomer, caller.consentId());
        assertProblem(ProblemType.NOT_FOUND, () -> service.getAccount(mismatched, accounts.get("2000002")));
        assertTrue(service.listAccounts(mismatched, null, 50).items().isEmpty());
    }

    @Test
    void getAccountWhenConsentRevokedThenNotFound() {
        UUID account = fixtures.addBankAccount(otherCustomer, "103", "2468024", 1_000);
        UUID consent = fixtures.consent(otherCustomer, List.of(account));
        ConsentedAccounts other = new Caller(otherCustomer, consent);
        assertEquals(account, service.getAccount(other, account).account().id());
        fixtures.revoke(consent);
        assertProblem(ProblemType.NOT_FOUND, () -> service.getAccount(other, account));
        assertTrue(service.listAccounts(other, null, 50).items().isEmpty());
    }

    @Test
    void listTransactionsWhenNoRangeThenLastThreeMonthsNewestFirst() {
        UUID account = accounts.get("2000002");
        Page<AccountTransaction> page = service.listTransactions(caller, account, null, null, true, null, 200);
        LocalDate today = LocalDate.ofInstant(clock.instant(), BankInquiryService.BANK_ZONE);
        long expected = count("SELECT count(*) FROM rs_bank_transaction WHERE bank_account_id = '" + account
                + "' AND booked_on >= '" + today.minusMonths(3) + "'");
        assertEquals(expected, page.items().size());
        assertTrue(expected > 0);
        assertNull(page.nextCursor());
        AccountTransaction newest = page.items().get(0);
        assertEquals(1_250_000, newest.balanceAfter(), "the newest balance after is the account's balance");
        for (int i = 1; i < page.items().size(); i++) {
            AccountTransaction later = page.items().get(i - 1);
            AccountTransaction earlier = page.items().get(i);
            assertFalse(earlier.transactedAt().isAfter(later.transactedAt()));
            assertEquals(earlier.balanceAfter() + later.amount(), later.balanceAfter());
        }
    }

    @Test
    void listTransactionsWhenOldestFirstThenPassbookOrder() {
        UUID account = accounts.get("1111111");
        LocalDate today = LocalDate.ofInstant(clock.instant(), BankInquiryService.BANK_ZONE);
        List<AccountTransaction> items = service.listTransactions(caller, account, today.minusDays(120), today, false, null,
                200).items();
        assertEquals(BankTransactionGenerator.DEMO_PER_ACCOUNT, items.size());
        for (int i = 1; i < items.size(); i++) {
            assertEquals(items.get(i - 1).balanceAfter() + items.get(i).amount(), items.get(i).balanceAfter());
        }
        assertEquals(38_400, items.get(items.size() - 1).balanceAfter());
    }

    @Test
    void listTransactionsWhenPagedThenEveryTransactionOnceInOrder() {
        UUID account = accounts.get("1000014");
        LocalDate today = LocalDate.ofInstant(clock.instant(), BankInquiryService.BANK_ZONE);
        for (boolean newestFirst : List.of(true, false)) {
            List<AccountTransaction> all = service.listTransactions(caller, account, today.minusDays(120), today,
                    newestFirst, null, 200).items();
            List<AccountTransaction> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<AccountTransaction> page = service.listTransactions(caller, account, today.minusDays(120), today,
                        newestFirst, cursor, 7);
                assertTrue(page.items().size() <= 7);
                paged.addAll(page.items());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 20);
            assertEquals(all, paged);
            assertEquals(6, pages, "40 transactions by 7");
            Set<UUID> ids = new HashSet<>();
            paged.forEach(t -> assertTrue(ids.add(t.id())));
        }
    }

    @Test
    void listTransactionsWhenRangeGivenThenOnlyItsBookingDays() {
        UUID account = accounts.get("2000002");
        LocalDate to = LocalDate.ofInstant(clock.instant(), BankInquiryService.BANK_ZONE).minusDays(10);
        LocalDate from = to.minusDays(20);
        List<AccountTransaction> items = service.listTransactions(caller, account, from, to, true, null, 200).items();
        long expected = count("SELECT count(*) FROM rs_bank_transaction WHERE bank_account_id = '" + account
                + "' AND booked_on BETWEEN '" + from + "' AND '" + to + "'");
        assertEquals(expected, items.size());
        items.forEach(t -> assertTrue(!t.bookedOn().isBefore(from) && !t.bookedOn().isAfter(to), t::toString));
    }

    @Test
    void listTransactionsWhenFromAfterToThenValidationFailed() {
        ProblemException problem = assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller,
                accounts.get("2000002"), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 1), true, null, 50));
        assertEquals("from", problem.errors().get(0).pointer());
    }

    @Test
    void listTransactionsWhenRangeLongerThanAYearThenValidationFailed() {
        UUID account = accounts.get("2000002");
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller, account,
                LocalDate.of(2025, 11, 1), LocalDate.of(2026, 11, 2), true, null, 50));
        // Exactly one year is allowed, and so is a lone `from` within a year of today.
        assertNotNull(service.listTransactions(caller, account, LocalDate.of(2025, 11, 1), LocalDate.of(2026, 11, 1), true,
                null, 50));
        LocalDate today = LocalDate.ofInstant(clock.instant(), BankInquiryService.BANK_ZONE);
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller, account,
                today.minusYears(2), null, true, null, 50));
        assertEquals(BankTransactionGenerator.DEMO_PER_ACCOUNT, service.listTransactions(caller, account,
                today.minusDays(200), null, true, null, 200).items().size());
    }

    @Test
    void listTransactionsWhenYearBeyond9999ThenValidationFailed() {
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller, accounts.get("2000002"),
                LocalDate.MAX.minusDays(5), null, true, null, 50));
    }

    @Test
    void listTransactionsWhenBadRangeOnUnknownAccountThenValidationFailedFirst() {
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller, UUID.randomUUID(),
                LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 1), true, null, 50));
    }

    @Test
    void listTransactionsWhenAccountNotCoveredOrAnotherCustomersThenNotFound() {
        assertProblem(ProblemType.NOT_FOUND, () -> service.listTransactions(caller, accounts.get("2222222"), null, null,
                true, null, 50));
        assertProblem(ProblemType.NOT_FOUND, () -> service.listTransactions(caller, otherAccount, null, null, true, null, 50));
    }

    @Test
    void listTransactionsWhenCursorUsedWithOtherFiltersThenValidationFailed() {
        UUID account = accounts.get("2000002");
        String cursor = service.listTransactions(caller, account, null, null, true, null, 5).nextCursor();
        assertNotNull(cursor);
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller, account, null, null, false,
                cursor, 5));
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller, accounts.get("1111111"), null,
                null, true, cursor, 5));
        assertEquals(5, service.listTransactions(caller, account, null, null, true, cursor, 5).items().size());
    }

    @Test
    void listTransactionsWhenLimitAbove200ThenValidationFailed() {
        assertProblem(ProblemType.VALIDATION_FAILED, () -> service.listTransactions(caller, accounts.get("2000002"), null,
                null, true, null, 201));
    }

    @Test
    void listTransactionsWhenOtherCustomersHistoryThenOwnOnly() {
        UUID account = fixtures.addBankAccount(otherCustomer, "104", "1357913", 10_000);
        Instant at = clock.instant().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        fixtures.addTransactions(List.of(new AccountTransaction(UUID.randomUUID(), account,
                LocalDate.ofInstant(at, BankInquiryService.BANK_ZONE), at, AccountTransaction.Type.DEPOSIT, 10_000, 10_000,
                "振込 カ）ヤマダシヨウジ", "カ）ヤマダシヨウジ")));
        ConsentedAccounts other = new Caller(otherCustomer, fixtures.consent(otherCustomer, List.of(account)));
        List<AccountTransaction> items = service.listTransactions(other, account, null, null, true, null, 50).items();
        assertEquals(1, items.size());
        assertEquals("カ）ヤマダシヨウジ", items.get(0).counterparty());
        assertEquals(at, items.get(0).transactedAt());
    }

    private static ProblemException assertProblem(ProblemType type, Executable call) {
        ProblemException problem = assertThrows(ProblemException.class, call);
        assertEquals(type, problem.type(), problem::getMessage);
        return problem;
    }
}
