package dev.renkei.server.account;

import dev.renkei.server.shared.security.AccountFlag;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An account of seed 000's アカウント管理. */
public record Account(UUID id,
                      String loginId,
                      String name,
                      @Nullable String mail,
                      @Nullable String passwordHash,
                      Set<AccountFlag> flags,
                      @Nullable Instant lockedAt,
                      int failedSignInCount,
                      @Nullable Instant deletedAt,
                      Instant createdAt,
                      Instant updatedAt) {

    public boolean locked() {
        return lockedAt != null;
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean has(AccountFlag flag) {
        return flags.contains(flag);
    }
}
