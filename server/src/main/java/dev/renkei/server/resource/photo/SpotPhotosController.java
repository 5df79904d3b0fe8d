package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.api.resource.SpotPhotosApi;
import dev.renkei.server.api.resource.model.PhotoDirection;
import dev.renkei.server.api.resource.model.SpotPhotoMetadata;
import dev.renkei.server.api.resource.model.SpotPhotoMetadataUpdate;
import dev.renkei.server.api.resource.model.SpotPhotoPage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** Spot photos (スポット写真情報) and their metadata (写真ごとの情報). */
@Controller
public class SpotPhotosController implements SpotPhotosApi {

    private final SpotPhotoService service;

    public SpotPhotosController(SpotPhotoService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<SpotPhotoPage> listSpotPhotos(UUID spotId, UUID tagId, Integer limit, String cursor) {
        Page<SpotPhoto> page = service.list(spotId, tagId, cursor, limit);
        return HttpResponse.ok(new SpotPhotoPage(page.items().stream().map(SpotPhotosController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.SpotPhoto> getSpotPhoto(UUID photoId) {
        SpotPhoto photo = service.get(photoId);
        return HttpResponse.ok(toDto(photo)).header(HttpHeaders.ETAG, ETags.of(photo.version()));
    }

    @Override
    public HttpResponse<Void> deleteSpotPhoto(UUID photoId, String ifMatch) {
        service.delete(photoId, ifMatch);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<SpotPhotoMetadata> getSpotPhotoMetadata(UUID photoId) {
        PhotoMetadata metadata = service.metadata(photoId);
        return HttpResponse.ok(toDto(metadata)).header(HttpHeaders.ETAG, ETags.of(metadata.version()));
    }

    @Override
    public HttpResponse<SpotPhotoMetadata> updateSpotPhotoMetadata(UUID photoId, SpotPhotoMetadataUpdate body,
                                                                   String ifMatch) {
        PhotoMetadata metadata = service.updateMetadata(photoId, new PhotoMetadata.Changes(body.getCaption(),
                body.getDirection(), body.getNote(), body.getCustom()), ifMatch);
        return HttpResponse.ok(toDto(metadata)).header(HttpHeaders.ETAG, ETags.of(metadata.version()));
    }

    static dev.renkei.server.api.resource.model.SpotPhoto toDto(SpotPhoto p) {
        return new dev.renkei.server.api.resource.model.SpotPhoto(p.id(), p.spotId(), p.imageId(), p.userId(),
                utc(p.takenAt()), p.tagIds(), p.version(), utc(p.createdAt()), utc(p.updatedAt()))
                .caption(p.caption());
    }

    static SpotPhotoMetadata toDto(PhotoMetadata m) {
        return new SpotPhotoMetadata(m.photoId(), m.custom(), m.version(), utc(m.updatedAt()))
                .caption(m.caption())
                .direction(m.direction() == null ? null : PhotoDirection.fromValue(m.direction()))
                .note(m.note());
    }
}
