package dev.renkei.server.resource.sorting;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.api.resource.SpotSortingApi;
import dev.renkei.server.api.resource.model.SpotSortingDefinitionPage;
import dev.renkei.server.api.resource.model.SpotSortingLevel;
import dev.renkei.server.api.resource.model.SpotSortingNodePage;
import dev.renkei.server.api.resource.model.SpotSortingNodeUpdate;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.renkei.server.account.AccountMapper.utc;

/** Spot sorting structures (スポット仕分け構造定義情報) and their nodes (スポット仕分け構造情報). */
@Controller
public class SpotSortingController implements SpotSortingApi {

    private final SortingService service;

    public SpotSortingController(SortingService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<SpotSortingDefinitionPage> listSpotSortingDefinitions(Integer limit, String cursor) {
        Page<SortingDefinition> page = service.listDefinitions(cursor, limit);
        return HttpResponse.ok(new SpotSortingDefinitionPage(page.items().stream().map(SpotSortingController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.SpotSortingDefinition> getSpotSortingDefinition(
            UUID definitionId) {
        SortingDefinition definition = service.getDefinition(definitionId);
        return HttpResponse.ok(toDto(definition)).header(HttpHeaders.ETAG, ETags.of(definition.version()));
    }

    @Override
    public HttpResponse<SpotSortingNodePage> listSpotSortingNodes(UUID definitionId, UUID parentId, UUID spotId,
                                                                  Integer limit, String cursor) {
        Page<SortingNode> page = service.listNodes(definitionId, parentId, spotId, cursor, limit);
        return HttpResponse.ok(new SpotSortingNodePage(page.items().stream().map(SpotSortingController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.SpotSortingNode> getSpotSortingNode(UUID nodeId) {
        SortingNode node = service.getNode(nodeId);
        return HttpResponse.ok(toDto(node)).header(HttpHeaders.ETAG, ETags.of(node.version()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.SpotSortingNode> updateSpotSortingNode(
            UUID nodeId, SpotSortingNodeUpdate body, String ifMatch) {
        SortingNode node = service.updateNode(nodeId, new SortingNode.Changes(body.getName(), body.getSortOrder(),
                body.getParentId(), body.getSpotIds() == null ? null : new ArrayList<>(body.getSpotIds())), ifMatch);
        return HttpResponse.ok(toDto(node)).header(HttpHeaders.ETAG, ETags.of(node.version()));
    }

    static dev.renkei.server.api.resource.model.SpotSortingDefinition toDto(SortingDefinition d) {
        List<SpotSortingLevel> levels = IntStream.range(0, d.levels().size())
                .mapToObj(i -> new SpotSortingLevel(i, d.levels().get(i))).toList();
        return new dev.renkei.server.api.resource.model.SpotSortingDefinition(d.id(), d.name(), levels, d.version(),
                utc(d.createdAt()), utc(d.updatedAt()))
                .description(d.description());
    }

    static dev.renkei.server.api.resource.model.SpotSortingNode toDto(SortingNode n) {
        return new dev.renkei.server.api.resource.model.SpotSortingNode(n.id(), n.definitionId(), n.depth(), n.levelName(),
                n.name(), n.sortOrder(), n.spotIds(), n.version(), utc(n.createdAt()), utc(n.updatedAt()))
                .parentId(n.parentId());
    }
}
