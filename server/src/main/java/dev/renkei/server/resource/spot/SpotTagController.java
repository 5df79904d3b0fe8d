package dev.renkei.server.resource.spot;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.api.resource.SpotTagsApi;
import dev.renkei.server.api.resource.model.SpotTagLinkCreate;
import dev.renkei.server.api.resource.model.SpotTagLinkUpdate;
import dev.renkei.server.api.resource.model.SpotTagPage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.net.URI;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** Spot tags and the links between spots and tags (seed 003 スポットタグ情報, スポットとスポットタグの関連づけ). */
@Controller
public class SpotTagController implements SpotTagsApi {

    private final SpotService service;

    public SpotTagController(SpotService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<SpotTagPage> listSpotTags(Integer limit, @Nullable String cursor) {
        Page<SpotTag> page = service.tags(cursor, limit);
        return HttpResponse.ok(new SpotTagPage(page.items().stream().map(t ->
                new dev.renkei.server.api.resource.model.SpotTag(t.id(), t.name(), t.sortOrder()).color(t.color())).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.SpotTagLink> createSpotTagLink(SpotTagLinkCreate body,
                                                                                          @Nullable String idempotencyKey) {
        SpotTag.Link link = service.link(body.getSpotId(), body.getTagId(), idempotencyKey);
        return HttpResponse.created(toDto(link), URI.create("/v1/resources/spot-tag-links/" + link.id()))
                .header(HttpHeaders.ETAG, ETags.of(link.version()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.SpotTagLink> updateSpotTagLink(UUID linkId, SpotTagLinkUpdate body,
                                                                                          @Nullable String ifMatch) {
        SpotTag.Link link = service.moveLink(linkId, body.getTagId(), ifMatch);
        return HttpResponse.ok(toDto(link)).header(HttpHeaders.ETAG, ETags.of(link.version()));
    }

    @Override
    public HttpResponse<Void> deleteSpotTagLink(UUID linkId, @Nullable String ifMatch) {
        service.unlink(linkId, ifMatch);
        return HttpResponse.noContent();
    }

    private static dev.renkei.server.api.resource.model.SpotTagLink toDto(SpotTag.Link l) {
        return new dev.renkei.server.api.resource.model.SpotTagLink(l.id(), l.spotId(), l.tagId(), l.version(),
                utc(l.createdAt()), utc(l.updatedAt()));
    }
}
