package dev.renkei.server.resource.activity.position;

import dev.renkei.server.api.resource.PositionsApi;
import dev.renkei.server.api.resource.model.GeoPoint;
import dev.renkei.server.api.resource.model.LatestPositionPage;
import dev.renkei.server.api.resource.model.LatestPositionSource;
import dev.renkei.server.api.resource.model.RecordedPositionPage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.ZonedDateTime;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** 履歴情報（自動記録位置情報） and ユーザーごとの最新位置. */
@Controller
public class PositionController implements PositionsApi {

    private final PositionService service;

    public PositionController(PositionService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<RecordedPositionPage> listRecordedPositions(ZonedDateTime from, ZonedDateTime to, UUID userId,
                                                                   Integer limit, String cursor) {
        Page<RecordedPosition> page = service.list(from, to, userId, cursor, limit);
        return HttpResponse.ok(new RecordedPositionPage(page.items().stream().map(p ->
                new dev.renkei.server.api.resource.model.RecordedPosition(p.id(), p.userId(), utc(p.recordedAt()),
                        new GeoPoint(p.latitude(), p.longitude()))
                        .accuracyMeters(p.accuracyMeters())
                        .speedKmh(p.speedKmh())).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<LatestPositionPage> listLatestPositions(UUID groupId, UUID userId, Integer limit, String cursor) {
        Page<LatestPosition> page = service.latest(groupId, userId, cursor, limit);
        return HttpResponse.ok(new LatestPositionPage(page.items().stream().map(PositionController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.LatestPosition> getLatestPosition(UUID userId) {
        return HttpResponse.ok(toDto(service.latest(userId)));
    }

    static dev.renkei.server.api.resource.model.LatestPosition toDto(LatestPosition p) {
        return new dev.renkei.server.api.resource.model.LatestPosition(p.userId(), p.userName(),
                p.source() == LatestPosition.Source.STAMP ? LatestPositionSource.STAMP : LatestPositionSource.RECORDED,
                utc(p.locatedAt()), new GeoPoint(p.latitude(), p.longitude()))
                .accuracyMeters(p.accuracyMeters())
                .stampId(p.stampId())
                .statusId(p.statusId())
                .statusName(p.statusName())
                .spotId(p.spotId())
                .spotName(p.spotName())
                .positionId(p.positionId());
    }
}
