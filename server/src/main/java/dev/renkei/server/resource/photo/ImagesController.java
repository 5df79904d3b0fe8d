package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.api.resource.ImagesApi;
import dev.renkei.server.api.resource.model.ImageInfo;
import dev.renkei.server.api.resource.model.ImageInfoContentType;
import dev.renkei.server.api.resource.model.ImageInfoPage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.micronaut.http.server.types.files.StreamedFile;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** Images (画像): metadata and the binary download. */
@Controller
public class ImagesController implements ImagesApi {

    /** The bytes behind an image ID never change; authenticated content stays out of shared caches. */
    static final String CACHE_CONTROL = "private, max-age=86400";

    private final ImageService service;

    public ImagesController(ImageService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<ImageInfoPage> listImages(Integer limit, String cursor) {
        Page<StoredImage> page = service.list(cursor, limit);
        return HttpResponse.ok(new ImageInfoPage(page.items().stream().map(ImagesController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    /**
     * The router matches {@code Accept} against these types exactly, so {@code image/*} is listed
     * too: without it a client accepting any image would get 406 before the real type is known.
     */
    @Override
    @Produces({"image/jpeg", "image/png", "image/*", "application/problem+json"})
    public HttpResponse<FileCustomizableResponseType> downloadImage(UUID imageId, String ifNoneMatch) {
        List<String> accept = ServerRequestContext.currentRequest()
                .map(r -> r.getHeaders().getAll(HttpHeaders.ACCEPT)).orElse(List.of());
        ImageRepository.Content content = service.download(imageId, accept);
        StoredImage image = content.image();
        if (ETags.noneMatchHits(ifNoneMatch, image.etag())) {
            return HttpResponse.<FileCustomizableResponseType>status(HttpStatus.NOT_MODIFIED)
                    .header(HttpHeaders.ETAG, image.etag())
                    .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        }
        byte[] bytes = content.bytes();
        StreamedFile file = new StreamedFile(new ByteArrayInputStream(bytes), MediaType.of(image.contentType()),
                image.createdAt().toEpochMilli(), bytes.length);
        return HttpResponse.<FileCustomizableResponseType>ok(file)
                .contentType(image.contentType())
                .header(HttpHeaders.ETAG, image.etag())
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    }

    static ImageInfo toDto(StoredImage i) {
        return new ImageInfo(i.id(), ImageInfoContentType.fromValue(i.contentType()), i.width(), i.height(), i.size(),
                i.sha256Hex(), utc(i.createdAt()));
    }
}
