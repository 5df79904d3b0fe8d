package dev.renkei.server.resource.spot;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.api.resource.SpotsApi;
import dev.renkei.server.api.resource.model.Address;
import dev.renkei.server.api.resource.model.GeoPoint;
import dev.renkei.server.api.resource.model.SpotContactPage;
import dev.renkei.server.api.resource.model.SpotCreate;
import dev.renkei.server.api.resource.model.SpotPage;
import dev.renkei.server.api.resource.model.SpotStaffCreate;
import dev.renkei.server.api.resource.model.SpotStaffPage;
import dev.renkei.server.api.resource.model.SpotStaffRole;
import dev.renkei.server.api.resource.model.SpotUpdate;
import dev.renkei.server.shared.db.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** Spots, their customer contacts and staff in charge (seed 003 スポット情報). */
@Controller
public class SpotController implements SpotsApi {

    private final SpotService service;

    public SpotController(SpotService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<SpotPage> listSpots(@Nullable String q, @Nullable UUID tagId, @Nullable ZonedDateTime updatedSince,
                                            Integer limit, @Nullable String cursor) {
        Page<Spot> page = service.list(new SpotRepository.Filter(q, tagId, updatedSince == null ? null : updatedSince.toInstant()),
                cursor, limit);
        return HttpResponse.ok(new SpotPage(page.items().stream().map(SpotController::toDto).toList()).nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Spot> createSpot(SpotCreate body, @Nullable String idempotencyKey) {
        Spot created = service.create(new Spot.Changes(body.getCode(), body.getName(), body.getNameKana(),
                address(body.getAddress()), latitude(body.getLocation()), longitude(body.getLocation()), body.getPhone(),
                body.getUrl(), body.getNote()), idempotencyKey);
        return HttpResponse.created(toDto(created), URI.create("/v1/resources/spots/" + created.id()))
                .header(HttpHeaders.ETAG, ETags.of(created.version()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Spot> getSpot(UUID spotId) {
        return withEtag(service.get(spotId));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Spot> updateSpot(UUID spotId, SpotUpdate body, @Nullable String ifMatch) {
        return withEtag(service.update(spotId, new Spot.Changes(body.getCode(), body.getName(), body.getNameKana(),
                address(body.getAddress()), latitude(body.getLocation()), longitude(body.getLocation()), body.getPhone(),
                body.getUrl(), body.getNote()), ifMatch));
    }

    @Override
    public HttpResponse<Void> deleteSpot(UUID spotId, @Nullable String ifMatch) {
        service.delete(spotId, ifMatch);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<SpotContactPage> listSpotContacts(UUID spotId, Integer limit, @Nullable String cursor) {
        Page<SpotContact> page = service.contacts(spotId, cursor, limit);
        return HttpResponse.ok(new SpotContactPage(page.items().stream().map(c ->
                new dev.renkei.server.api.resource.model.SpotContact(c.id(), c.spotId(), c.name(), utc(c.createdAt()))
                        .nameKana(c.nameKana()).department(c.department()).title(c.title()).phone(c.phone()).email(c.email()))
                .toList()).nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<SpotStaffPage> listSpotStaff(UUID spotId, Integer limit, @Nullable String cursor) {
        Page<SpotStaff> page = service.staff(spotId, cursor, limit);
        return HttpResponse.ok(new SpotStaffPage(page.items().stream().map(SpotController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.SpotStaff> addSpotStaff(UUID spotId, SpotStaffCreate body) {
        SpotStaff added = service.addStaff(spotId, body.getUserId(), body.getRole() == null ? null : body.getRole().getValue());
        return HttpResponse.created(toDto(added), URI.create("/v1/resources/spots/" + spotId + "/staff"));
    }

    @Override
    public HttpResponse<Void> removeSpotStaff(UUID spotId, UUID userId) {
        service.removeStaff(spotId, userId);
        return HttpResponse.noContent();
    }

    private static HttpResponse<dev.renkei.server.api.resource.model.Spot> withEtag(Spot spot) {
        return HttpResponse.ok(toDto(spot)).header(HttpHeaders.ETAG, ETags.of(spot.version()));
    }

    static dev.renkei.server.api.resource.model.Spot toDto(Spot s) {
        Address address = new Address().postalCode(s.address().postalCode()).prefecture(s.address().prefecture())
                .city(s.address().city()).street(s.address().street()).building(s.address().building());
        return new dev.renkei.server.api.resource.model.Spot(s.id(), s.name(), address, s.tagIds(), s.version(),
                utc(s.createdAt()), utc(s.updatedAt()))
                .code(s.code()).nameKana(s.nameKana())
                .location(s.latitude() == null ? null : new GeoPoint(s.latitude(), s.longitude()))
                .phone(s.phone()).url(s.url()).note(s.note());
    }

    private static dev.renkei.server.api.resource.model.SpotStaff toDto(SpotStaff s) {
        return new dev.renkei.server.api.resource.model.SpotStaff(s.spotId(), s.userId(), s.userName(),
                SpotStaffRole.fromValue(s.role()), utc(s.assignedAt()));
    }

    @Nullable
    private static Spot.Address address(@Nullable Address a) {
        return a == null ? null : new Spot.Address(a.getPostalCode(), a.getPrefecture(), a.getCity(), a.getStreet(), a.getBuilding());
    }

    @Nullable
    private static Double latitude(@Nullable GeoPoint p) {
        return p == null ? null : p.getLatitude();
    }

    @Nullable
    private static Double longitude(@Nullable GeoPoint p) {
        return p == null ? null : p.getLongitude();
    }
}
