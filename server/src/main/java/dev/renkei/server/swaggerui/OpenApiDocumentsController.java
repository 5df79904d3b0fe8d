package dev.renkei.server.swaggerui;

import dev.renkei.server.shared.web.ClasspathFiles;

import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.List;

/**
 * The API documents as shipped in the api-spec jar, at {@code /openapi/<name>.yaml}, unchanged:
 * their relative {@code $ref}s to {@code common.yaml} resolve against this same folder, in a
 * browser or any other tool. Public, like the contract itself.
 */
@Controller(OpenApiDocumentsController.PATH)
@Secured(SecurityRule.IS_ANONYMOUS)
public class OpenApiDocumentsController {

    static final String PATH = "/openapi";

    /** An API document and the title Swagger UI lists it under. */
    record Document(String file, String title) {
    }

    /** The APIs, the one partner programs call most first. */
    static final List<Document> DOCUMENTS = List.of(
            new Document("resources.yaml", "Resource API"),
            new Document("authorization.yaml", "Authorization API"),
            new Document("token-issuance.yaml", "Token Issuance API"));

    private static final String SHARED = "common.yaml";

    private final ClasspathFiles files = new ClasspathFiles();

    @Get("/{file}")
    public HttpResponse<byte[]> document(@PathVariable String file) {
        boolean known = SHARED.equals(file) || DOCUMENTS.stream().anyMatch(d -> d.file().equals(file));
        if (!known) {
            throw ProblemException.notFound(PATH + "/" + file);
        }
        byte[] body = files.read("openapi/" + file).orElseThrow(() -> ProblemException.notFound(PATH + "/" + file));
        return StaticFiles.ok(file, body, "no-cache");
    }
}
