package dev.renkei.server.resource.access;

import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The scope each Resource API operation needs, decided in one place from the path: the first
 * segment after {@code /v1/resources/} names the object family, and reads need
 * {@code <family>:read} while creates, updates and deletes need {@code <family>:write}. The
 * contract declares the same scope on every operation; ResourceScopesContractTest keeps the two
 * in step.
 */
public final class ResourceScopes {

    public static final String PREFIX = "/v1/resources/";
    /** Compiled once: this runs on every bank inquiry. */
    private static final Pattern TRANSACTIONS = Pattern.compile("bank/accounts/[^/]+/transactions/?");

    /** Path segment → scope family. */
    private static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("spots", "spots"),
            Map.entry("spot-tags", "spots"),
            Map.entry("spot-tag-links", "spots"),
            Map.entry("spot-sorting-nodes", "spots"),
            Map.entry("spot-sorting-definitions", "spots"),
            Map.entry("groups", "groups"),
            Map.entry("users", "users"),
            Map.entry("user-memberships", "users"),
            Map.entry("statuses", "statuses"),
            Map.entry("action-types", "statuses"),
            Map.entry("stamps", "stamps"),
            Map.entry("positions", "positions"),
            Map.entry("latest-positions", "positions"),
            Map.entry("schedules", "schedules"),
            Map.entry("transportation-expenses", "expenses"),
            Map.entry("report-definitions", "reports"),
            Map.entry("reports", "reports"),
            Map.entry("images", "images"),
            Map.entry("spot-photos", "spot-photos"),
            Map.entry("spot-photo-tags", "spot-photos"));

    /** Every field-service scope: what a static token of an ordinary account may do. */
    private static final Set<String> FIELD_SERVICE = Scopes.all().stream()
            .filter(s -> !Scopes.BANK_SCOPES.contains(s)).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> FIELD_SERVICE_READ = FIELD_SERVICE.stream()
            .filter(s -> s.endsWith(":read")).collect(Collectors.toUnmodifiableSet());

    private ResourceScopes() {
    }

    /** The scope the operation at {@code path} needs, or null for a path outside every family (a 404 follows). */
    @Nullable
    public static String required(HttpMethod method, String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        if (rest.startsWith("bank/accounts")) {
            // 入出金明細照会 is the transactions of an account; everything else is 連携照会.
            return TRANSACTIONS.matcher(rest).matches() ? Scopes.TRANSACTIONS_READ : Scopes.ACCOUNTS_READ;
        }
        int slash = rest.indexOf('/');
        String family = FAMILIES.get(slash < 0 ? rest : rest.substring(0, slash));
        if (family == null) {
            return null;
        }
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        return family + (read ? ":read" : ":write");
    }

    /**
     * What a static token may do: what its account may do. Bank inquiries need a customer's
     * consent and are never open to one; an auditor's account reads and never writes.
     */
    public static Set<String> ofStaticToken(Caller holder) {
        return holder.has(AccountFlag.AUDITOR) && !holder.has(AccountFlag.SYSTEM_ADMIN) && !holder.has(AccountFlag.USER_ADMIN)
                ? FIELD_SERVICE_READ : FIELD_SERVICE;
    }
}
