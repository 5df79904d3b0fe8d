package dev.renkei.server.resource.activity.expense;

import dev.renkei.server.resource.activity.ActivityQueries;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Transportation expenses (交通費情報), read only, keyset-paged on (date, id). */
@Singleton
public class ExpenseService {

    private final ExpenseRepository expenses;

    public ExpenseService(ExpenseRepository expenses) {
        this.expenses = expenses;
    }

    /** Expenses from {@code from} to {@code to}, both dates inclusive and optional. */
    @Transactional(readOnly = true)
    public Page<TransportationExpense> list(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable UUID userId,
                                            @Nullable String cursor, int limit) {
        ActivityQueries.date("from", from);
        ActivityQueries.date("to", to);
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        String scope = Cursor.scope("transportation-expenses", from, to, userId);
        Cursor after = Cursor.decode(cursor, scope);
        return Page.of(expenses.list(from, to, userId, after == null ? null : dateKey(after),
                after == null ? null : after.id(), limit + 1), limit, e -> new Cursor(e.date().toString(), e.id(), scope));
    }

    @Transactional(readOnly = true)
    public TransportationExpense get(UUID id) {
        return expenses.find(id).orElseThrow(() -> ProblemException.notFound("Transportation expense " + id));
    }

    private static LocalDate dateKey(Cursor cursor) {
        try {
            return LocalDate.parse(cursor.sortKey());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("cursor", "The cursor is not one this API returned; start again without it");
        }
    }
}
