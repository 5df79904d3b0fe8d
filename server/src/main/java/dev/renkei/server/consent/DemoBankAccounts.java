package dev.renkei.server.consent;

import dev.renkei.server.account.Account;
import dev.renkei.server.account.AccountRepository;
import dev.renkei.server.demo.DemoData;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.PasswordHasher;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/**
 * The customer of seed 002's screens, {@code shikuan01}, with its four deposit accounts, so the
 * consent journey can be walked on a first run. Runs after {@link DemoData} (whose accounts come
 * first), only while no bank account exists; disabled with {@code renkei.demo-data.enabled=false}.
 * Every inquiry PIN on file is {@value #PIN}; 2222222 is already registered for API use.
 */
@Singleton
@Requires(property = "renkei.demo-data.enabled", value = "true", defaultValue = "true")
public class DemoBankAccounts implements ApplicationEventListener<StartupEvent> {

    public static final String LOGIN_ID = "shikuan01";
    /** The inquiry PIN on file at the bank for every demo account. */
    public static final String PIN = "1234";

    private static final Logger LOG = LoggerFactory.getLogger(DemoBankAccounts.class);
    private static final String HOLDER = "口座名義5678901234567890";
    private static final String MEMO = "口座メモ5678901234567890";

    private record Demo(String branchName, String branchCode, String number, @Nullable String holder,
                        @Nullable String memo, long balance, boolean registered) {
    }

    private static final List<Demo> ACCOUNTS = List.of(
            new Demo("インターネット支店", "001", "2000002", HOLDER, MEMO, 1_250_000, false),
            new Demo("インターネット支店", "202", "1111111", null, null, 38_400, false),
            new Demo("インターネット支店", "202", "2222222", null, null, 502_000, true),
            new Demo("豊洲支店", "456", "1000014", HOLDER, MEMO, 87_654, false));

    private final DemoData demoData;
    private final AccountRepository accounts;
    private final BankAccountRepository bankAccounts;
    private final PasswordHasher hasher;
    private final Clock clock;

    public DemoBankAccounts(DemoData demoData, AccountRepository accounts, BankAccountRepository bankAccounts,
                            PasswordHasher hasher, Clock clock) {
        this.demoData = demoData;
        this.accounts = accounts;
        this.bankAccounts = bankAccounts;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void onApplicationEvent(StartupEvent event) {
        // DemoData fills only an empty account table: were shikuan01 created first, the seed-000
        // accounts would never be. Listener order is not guaranteed, so run it first; it is a
        // no-op when it has already run.
        demoData.onStartup(event);
        if (!bankAccounts.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Account customer = accounts.findLiveByLoginId(LOGIN_ID).orElseGet(() -> {
            Account created = new Account(Ids.newId(), LOGIN_ID, "山田 太郎", "shikuan01@example.com",
                    hasher.hash(DemoData.PASSWORD), EnumSet.noneOf(AccountFlag.class), null, 0, null, now, now);
            accounts.insert(created);
            return created;
        });
        for (Demo demo : ACCOUNTS) {
            bankAccounts.insert(new BankAccount(Ids.newId(), customer.id(), demo.branchName(), demo.branchCode(),
                    BankAccount.Type.ORDINARY, demo.number(), demo.holder(), demo.memo(), hasher.hash(PIN), demo.balance(),
                    demo.registered() ? now : null, now));
        }
        LOG.info("No bank accounts: created {} demo accounts for customer {} (password '{}', inquiry PIN '{}')",
                ACCOUNTS.size(), LOGIN_ID, DemoData.PASSWORD, PIN);
    }
}
