package dev.renkei.server.resource.activity.stamp;

import dev.renkei.server.api.resource.StampsApi;
import dev.renkei.server.api.resource.model.GeoPoint;
import dev.renkei.server.api.resource.model.StampPage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.ZonedDateTime;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** 履歴情報（打刻情報）. */
@Controller
public class StampController implements StampsApi {

    private final StampService service;

    public StampController(StampService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<StampPage> listStamps(ZonedDateTime from, ZonedDateTime to, UUID userId, UUID spotId,
                                              UUID statusId, Integer limit, String cursor) {
        Page<Stamp> page = service.list(from, to, userId, spotId, statusId, cursor, limit);
        return HttpResponse.ok(new StampPage(page.items().stream().map(StampController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Stamp> getStamp(UUID stampId) {
        return HttpResponse.ok(toDto(service.get(stampId)));
    }

    static dev.renkei.server.api.resource.model.Stamp toDto(Stamp s) {
        return new dev.renkei.server.api.resource.model.Stamp(s.id(), s.userId(), s.userName(), utc(s.stampedAt()),
                s.statusId(), s.statusName(), utc(s.createdAt()))
                .spotId(s.spotId())
                .spotName(s.spotName())
                .location(s.latitude() == null ? null : new GeoPoint(s.latitude(), s.longitude()))
                .accuracyMeters(s.accuracyMeters())
                .address(s.address())
                .comment(s.comment());
    }
}
