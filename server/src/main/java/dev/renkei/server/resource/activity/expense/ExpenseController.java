package dev.renkei.server.resource.activity.expense;

import dev.renkei.server.api.resource.TransportationExpensesApi;
import dev.renkei.server.api.resource.model.TransportMeans;
import dev.renkei.server.api.resource.model.TransportationExpensePage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.LocalDate;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** 交通費情報. */
@Controller
public class ExpenseController implements TransportationExpensesApi {

    private final ExpenseService service;

    public ExpenseController(ExpenseService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<TransportationExpensePage> listTransportationExpenses(LocalDate from, LocalDate to, UUID userId,
                                                                             Integer limit, String cursor) {
        Page<TransportationExpense> page = service.list(from, to, userId, cursor, limit);
        return HttpResponse.ok(new TransportationExpensePage(page.items().stream().map(ExpenseController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.TransportationExpense> getTransportationExpense(UUID expenseId) {
        return HttpResponse.ok(toDto(service.get(expenseId)));
    }

    static dev.renkei.server.api.resource.model.TransportationExpense toDto(TransportationExpense e) {
        return new dev.renkei.server.api.resource.model.TransportationExpense(e.id(), e.userId(), e.userName(), e.date(),
                e.departure(), e.arrival(), TransportMeans.fromValue(e.means()), e.amount(), e.roundTrip(),
                utc(e.createdAt()))
                .distanceKm(e.distanceKm())
                .purpose(e.purpose())
                .spotId(e.spotId())
                .spotName(e.spotName())
                .stampId(e.stampId())
                .scheduleId(e.scheduleId());
    }
}
