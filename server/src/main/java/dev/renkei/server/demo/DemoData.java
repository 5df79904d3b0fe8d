package dev.renkei.server.demo;

import dev.renkei.server.account.Account;
import dev.renkei.server.account.AccountRepository;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.PasswordHasher;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fills an empty database with the accounts of seed 000's account list, so a first run has
 * someone to sign in as. Disabled with {@code RENKEI_DEMO_DATA=false}; never touches a database
 * that already has accounts.
 */
@Singleton
@Requires(property = "renkei.demo-data.enabled", value = "true", defaultValue = "true")
public class DemoData {

    /** The password of every demo account (README). */
    public static final String PASSWORD = "renkei-demo-2026";

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private record Demo(String loginId, String name, String mail, Set<AccountFlag> flags) {
    }

    private static final List<Demo> ACCOUNTS = List.of(
            new Demo("admin1", "システム管理者", "admin1@example.com", EnumSet.of(AccountFlag.SYSTEM_ADMIN)),
            new Demo("useradmin1", "ユーザ管理者", "useradmin1@example.com", EnumSet.of(AccountFlag.USER_ADMIN)),
            new Demo("auditor1", "監査者", "auditor1@example.com", EnumSet.of(AccountFlag.AUDITOR)),
            new Demo("user1", "一般ユーザ", "user1@example.com", EnumSet.of(AccountFlag.GENERAL_USE_PROHIBITED)),
            new Demo("gaibuser001", "外部ユーザ", "gaibuser001@example.com", EnumSet.of(AccountFlag.GENERAL_USE_PROHIBITED)),
            new Demo("user2", "山田 花子", "user2@example.com", EnumSet.noneOf(AccountFlag.class)),
            new Demo("tempuser1", "一時利用禁止ユーザ", "tempuser1@example.com", EnumSet.of(AccountFlag.TEMPORARY_USE_PROHIBITED)));

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final Clock clock;

    public DemoData(AccountRepository accounts, PasswordHasher hasher, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.clock = clock;
    }

    @EventListener
    @Transactional
    public void onStartup(StartupEvent event) {
        if (!accounts.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String hash = hasher.hash(PASSWORD);
        for (Demo demo : ACCOUNTS) {
            accounts.insert(new Account(Ids.newId(), demo.loginId(), demo.name(), demo.mail(), hash, demo.flags(),
                    null, 0, null, now, now));
        }
        LOG.info("Empty database: created {} demo accounts (admin1, useradmin1, auditor1, user1, gaibuser001, user2, "
                + "tempuser1), password '{}'", ACCOUNTS.size(), PASSWORD);
    }
}
