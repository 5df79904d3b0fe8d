package dev.renkei.server.account;

import dev.renkei.server.shared.security.AccountFlag;
import io.micronaut.core.annotation.Nullable;

import java.util.Set;

/** The account list's search box, flag checkboxes and lock-state checkboxes. */
public record AccountQuery(@Nullable String text, Set<AccountFlag> anyOfFlags, @Nullable Boolean locked) {
}
