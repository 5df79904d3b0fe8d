package dev.renkei.server.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scopes a partner program can be granted: the two bank services of seed 002 (the journey's
 * 「認可対象」) and the resource families of seed 003, read and write separately.
 */
public final class Scopes {

    /** 連携照会: the consented accounts with their balance. */
    public static final String ACCOUNTS_READ = "accounts:read";
    /** 入出金明細照会: transaction history of the consented accounts. */
    public static final String TRANSACTIONS_READ = "transactions:read";

    /** Scope → {Japanese label, English label}, in the order screens list them. */
    private static final Map<String, String[]> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put(ACCOUNTS_READ, new String[] {"連携照会", "Account inquiry"});
        LABELS.put(TRANSACTIONS_READ, new String[] {"入出金明細照会", "Transaction history inquiry"});
        for (String family : List.of("spots", "schedules", "users", "groups", "spot-photos")) {
            LABELS.put(family + ":read", new String[] {family + " の取得", "Read " + family});
            LABELS.put(family + ":write", new String[] {family + " の登録・更新・削除", "Write " + family});
        }
        for (String family : List.of("reports", "stamps", "positions", "images", "expenses", "statuses")) {
            LABELS.put(family + ":read", new String[] {family + " の取得", "Read " + family});
        }
    }

    /** Scopes that need bank accounts chosen and their inquiry PINs registered in the journey. */
    public static final Set<String> BANK_SCOPES = Set.of(ACCOUNTS_READ, TRANSACTIONS_READ);

    private Scopes() {
    }

    public static boolean isKnown(String scope) {
        return LABELS.containsKey(scope);
    }

    public static List<String> all() {
        return List.copyOf(LABELS.keySet());
    }

    public static String label(String scope, boolean japanese) {
        String[] labels = LABELS.get(scope);
        return labels == null ? scope : labels[japanese ? 0 : 1];
    }
}
