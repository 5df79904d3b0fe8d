package dev.renkei.server.resource.bank;

import dev.renkei.server.consent.BankAccount;
import dev.renkei.server.consent.DemoBankAccounts;
import dev.renkei.server.resource.data.ResourceDataGenerator;
import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.shared.db.Ids;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * About three months of deposits and withdrawals (入出金明細) for every bank account that has
 * none yet: salary, transfers, ATM, direct debits for utilities and cards, debit payments. The
 * history is built backwards from the account's current balance, so the newest transaction's
 * balance after is exactly that balance and no earlier balance is ever negative.
 * <p>
 * Bank accounts are made by {@link DemoBankAccounts} on its own startup listener, whose order
 * relative to the data loader's is not guaranteed; it is asked to run first (it does nothing
 * once accounts exist). Accounts that already have a history are left alone, so a loader that
 * runs again on a later start never doubles one.
 */
@Singleton
public class BankTransactionGenerator implements ResourceDataGenerator {

    static final int HISTORY_DAYS = 90;
    static final int DEMO_PER_ACCOUNT = 40;
    static final int MAX_PER_ACCOUNT = 1_000;
    private static final int PAYDAY = 25;

    private enum Kind {
        SALARY("給与", "カ）レンケイシヨウジ", true, 200_000, 350_000, 1_000, 9, 10, 3),
        TRANSFER_IN_COMPANY("振込 カ）ヤマダシヨウジ", "カ）ヤマダシヨウジ", true, 5_000, 150_000, 1, 9, 15, 6),
        TRANSFER_IN_PERSON("振込 スズキ イチロウ", "スズキ イチロウ", true, 3_000, 50_000, 1_000, 9, 15, 4),
        ATM_DEPOSIT("ATM", null, true, 10_000, 100_000, 1_000, 8, 21, 6),
        INTEREST("利息", null, true, 1, 300, 1, 0, 1, 1),
        ATM_WITHDRAWAL("ATM", null, false, 10_000, 50_000, 1_000, 8, 21, 18),
        ELECTRICITY("口座振替 デンキ", "トウキヨウデンリヨク", false, 4_000, 15_000, 1, 6, 9, 4),
        GAS("口座振替 ガス", "トウキヨウガス", false, 3_000, 9_000, 1, 6, 9, 4),
        WATER("口座振替 スイドウ", "トウキヨウトスイドウキヨク", false, 4_000, 12_000, 1, 6, 9, 2),
        MOBILE("口座振替 ケイタイ", "エヌテイテイドコモ", false, 3_000, 12_000, 1, 6, 9, 4),
        CARD("口座振替 カード", "ミツイスミトモカード", false, 20_000, 150_000, 1, 6, 9, 4),
        RENT("振込 カ）タナカフドウサン", "カ）タナカフドウサン", false, 60_000, 120_000, 1_000, 9, 15, 3),
        TRANSFER_FEE("振込手数料", null, false, 110, 440, 110, 9, 15, 3),
        DEBIT("デビット アマゾン", "アマゾンジヤパン", false, 500, 30_000, 1, 0, 24, 8);

        final String description;
        @Nullable
        final String counterparty;
        final boolean deposit;
        final long min;
        final long max;
        final long step;
        final int fromHour;
        final int toHour;
        final int weight;

        Kind(String description, @Nullable String counterparty, boolean deposit, long min, long max, long step,
             int fromHour, int toHour, int weight) {
            this.description = description;
            this.counterparty = counterparty;
            this.deposit = deposit;
            this.min = min;
            this.max = max;
            this.step = step;
            this.fromHour = fromHour;
            this.toHour = toHour;
            this.weight = weight;
        }

        long amount(SplittableRandom random) {
            return (min + random.nextLong((max - min) / step + 1) * step) * (deposit ? 1 : -1);
        }
    }

    private static final int TOTAL_WEIGHT = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();

    private final BankInquiryRepository repository;
    private final BeanProvider<DemoBankAccounts> demoAccounts;
    private final BeanContext context;

    public BankTransactionGenerator(BankInquiryRepository repository, BeanProvider<DemoBankAccounts> demoAccounts,
                                    BeanContext context) {
        this.repository = repository;
        this.demoAccounts = demoAccounts;
        this.context = context;
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public void generate(ResourceVolume volume, SplittableRandom random) {
        demoAccounts.ifPresent(demo -> demo.onApplicationEvent(new StartupEvent(context)));
        int perAccount = perAccount(volume);
        List<AccountTransaction> rows = new ArrayList<>();
        for (BankAccount account : repository.listWithoutTransactions()) {
            rows.addAll(history(account.id(), account.balance(), perAccount, volume.until(), random.split()));
        }
        repository.insertTransactions(rows, volume.until());
    }

    /** 40 per account at demo volume; more for benchmarks, which page through long histories. */
    static int perAccount(ResourceVolume volume) {
        return Math.min(MAX_PER_ACCOUNT, Math.max(DEMO_PER_ACCOUNT, volume.stamps() / 15));
    }

    /**
     * {@code count} transactions over the {@value #HISTORY_DAYS} days before {@code until}, oldest
     * first, ending at {@code balance}.
     */
    static List<AccountTransaction> history(UUID accountId, long balance, int count, Instant until,
                                            SplittableRandom random) {
        record Draft(Instant at, Kind kind) {
        }
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Kind kind = pick(random);
            drafts.add(new Draft(timeOf(kind, until, random), kind));
        }
        drafts.sort(Comparator.comparing(Draft::at));
        long[] amounts = new long[count];
        Kind[] kinds = new Kind[count];
        long[] after = new long[count];
        long running = balance;
        // Backwards from today's balance: undoing a deposit lowers the earlier balance, so a
        // deposit larger than the balance after it would have started from below zero.
        for (int i = count - 1; i >= 0; i--) {
            Kind kind = drafts.get(i).kind();
            long amount = kind.amount(random);
            if (amount > running) {
                kind = Kind.ATM_WITHDRAWAL;
                amount = kind.amount(random);
            }
            kinds[i] = kind;
            amounts[i] = amount;
            after[i] = running;
            running -= amount;
        }
        List<AccountTransaction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = drafts.get(i).at();
            out.add(new AccountTransaction(Ids.newId(), accountId, LocalDate.ofInstant(at, BankInquiryService.BANK_ZONE), at,
                    kinds[i].deposit ? AccountTransaction.Type.DEPOSIT : AccountTransaction.Type.WITHDRAWAL, amounts[i],
                    after[i], kinds[i].description, kinds[i].counterparty));
        }
        return out;
    }

    private static Kind pick(SplittableRandom random) {
        int r = random.nextInt(TOTAL_WEIGHT);
        for (Kind kind : Kind.values()) {
            r -= kind.weight;
            if (r < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("weights");
    }

    /** A day within the history and an hour when such a transaction happens (Japan time), never after {@code until}. */
    private static Instant timeOf(Kind kind, Instant until, SplittableRandom random) {
        LocalDate today = LocalDate.ofInstant(until, BankInquiryService.BANK_ZONE);
        LocalDate day = today.minusDays(random.nextInt(HISTORY_DAYS));
        if (kind == Kind.SALARY) {
            // Paid on the 25th (給与振込日), of one of the months the history spans.
            LocalDate payday = day.withDayOfMonth(PAYDAY);
            payday = payday.isAfter(today) ? payday.minusMonths(1) : payday;
            if (!payday.isBefore(today.minusDays(HISTORY_DAYS - 1))) {
                day = payday;
            }
        }
        int seconds = kind.fromHour * 3600 + random.nextInt((kind.toHour - kind.fromHour) * 3600);
        Instant at = ZonedDateTime.of(day, LocalTime.ofSecondOfDay(seconds), BankInquiryService.BANK_ZONE).toInstant();
        return at.isAfter(until) ? at.minus(Duration.ofDays(1)) : at;
    }
}
