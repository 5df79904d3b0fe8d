package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.api.resource.SpotPhotoTagsApi;
import dev.renkei.server.api.resource.model.SpotPhotoTag;
import dev.renkei.server.api.resource.model.SpotPhotoTagPage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.util.UUID;

/** The photo tag catalogue (スポット写真タグ情報). */
@Controller
public class SpotPhotoTagsController implements SpotPhotoTagsApi {

    private final PhotoTagService service;

    public SpotPhotoTagsController(PhotoTagService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<SpotPhotoTagPage> listSpotPhotoTags(Integer limit, String cursor) {
        Page<PhotoTag> page = service.list(cursor, limit);
        return HttpResponse.ok(new SpotPhotoTagPage(page.items().stream().map(SpotPhotoTagsController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<SpotPhotoTag> getSpotPhotoTag(UUID photoTagId) {
        PhotoTag tag = service.get(photoTagId);
        return HttpResponse.ok(toDto(tag)).header(HttpHeaders.ETAG, ETags.of(tag.version()));
    }

    @Override
    public HttpResponse<Void> deleteSpotPhotoTag(UUID photoTagId, String ifMatch) {
        service.delete(photoTagId, ifMatch);
        return HttpResponse.noContent();
    }

    static SpotPhotoTag toDto(PhotoTag t) {
        return new SpotPhotoTag(t.id(), t.name(), t.sortOrder(), t.photoCount(), t.version()).color(t.color());
    }
}
