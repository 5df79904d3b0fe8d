package dev.renkei.server.account;

import dev.renkei.server.shared.security.AccountFlag;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Between account records and the contract's DTOs. */
public final class AccountMapper {

    private AccountMapper() {
    }

    public static dev.renkei.server.api.token.model.Account toDto(Account account) {
        return new dev.renkei.server.api.token.model.Account(account.id(), account.loginId(), account.name(),
                toDto(account.flags()), account.locked(), account.deleted(), utc(account.createdAt()), utc(account.updatedAt()))
                .mail(account.mail())
                .lockedAt(utc(account.lockedAt()));
    }

    public static Set<dev.renkei.server.api.token.model.AccountFlag> toDto(Set<AccountFlag> flags) {
        return flags.stream()
                .map(f -> dev.renkei.server.api.token.model.AccountFlag.fromValue(f.code()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public static Set<AccountFlag> fromDto(java.util.Collection<dev.renkei.server.api.token.model.AccountFlag> flags) {
        Set<AccountFlag> out = java.util.EnumSet.noneOf(AccountFlag.class);
        if (flags != null) {
            flags.forEach(f -> out.add(AccountFlag.fromCode(f.getValue())));
        }
        return out;
    }

    public static ZonedDateTime utc(Instant instant) {
        return instant == null ? null : instant.atZone(ZoneOffset.UTC);
    }
}
