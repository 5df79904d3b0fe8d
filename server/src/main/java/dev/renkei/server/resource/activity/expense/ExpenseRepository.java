package dev.renkei.server.resource.activity.expense;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.uuid;

/** SQL for transportation expenses. */
@Singleton
public class ExpenseRepository {

    private static final String SELECT = "SELECT e.*, u.name AS user_name, sp.name AS spot_name "
            + "FROM rs_transportation_expense e JOIN rs_user u ON u.id = e.user_id LEFT JOIN rs_spot sp ON sp.id = e.spot_id";

    private final Db db;

    public ExpenseRepository(Db db) {
        this.db = db;
    }

    public Optional<TransportationExpense> find(UUID id) {
        return db.one(SELECT + " WHERE e.id = ?", s -> s.setObject(1, id), ExpenseRepository::map);
    }

    /** Expenses by (expense_date, id), after the keyset position (date, id) when given. */
    public List<TransportationExpense> list(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable UUID userId,
                                            @Nullable LocalDate afterDate, @Nullable UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" AND e.expense_date >= ?");
            args.add(from);
        }
        if (to != null) {
            sql.append(" AND e.expense_date <= ?");
            args.add(to);
        }
        if (userId != null) {
            sql.append(" AND e.user_id = ?");
            args.add(userId);
        }
        if (afterDate != null) {
            sql.append(" AND (e.expense_date, e.id) > (?, ?)");
            args.add(afterDate);
            args.add(afterId);
        }
        sql.append(" ORDER BY e.expense_date, e.id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, ExpenseRepository::map);
    }

    static TransportationExpense map(ResultSet r) throws SQLException {
        return new TransportationExpense(uuid(r, "id"), uuid(r, "user_id"), r.getString("user_name"),
                r.getObject("expense_date", LocalDate.class), r.getString("departure"), r.getString("arrival"),
                r.getString("means"), r.getInt("amount"), r.getBoolean("round_trip"),
                r.getObject("distance_km", Double.class), r.getString("purpose"), uuid(r, "spot_id"),
                r.getString("spot_name"), uuid(r, "stamp_id"), uuid(r, "schedule_id"), instant(r, "created_at"));
    }
}
