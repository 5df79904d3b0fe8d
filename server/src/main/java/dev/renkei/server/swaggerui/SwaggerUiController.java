package dev.renkei.server.swaggerui;

import dev.renkei.server.shared.web.ClasspathFiles;

import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Swagger UI at {@code /swagger-ui}, from the {@code org.webjars:swagger-ui} jar (nothing from a
 * CDN), listing every API document of {@link OpenApiDocumentsController}. Its "Authorize" dialog
 * is pre-filled for the built-in public program ({@link SwaggerUiProgram}): authorization code
 * with PKCE against this server. Anonymous: the page and its files are public, the calls made
 * from it carry the token the developer authorized with.
 */
@Controller("/swagger-ui")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "renkei.swagger-ui.enabled", notEquals = "false")
public class SwaggerUiController {

    /** The webjar's files this page uses; its petstore initializer and index are replaced. */
    private static final Set<String> WEBJAR_FILES = Set.of("swagger-ui.css", "index.css", "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js", "oauth2-redirect.html", "oauth2-redirect.js",
            "favicon-32x32.png", "favicon-16x16.png");
    private static final String ASSET_CACHE = "public, max-age=3600";
    private static final String PAGE_CACHE = "no-cache";

    private final ClasspathFiles files = new ClasspathFiles();
    private final String webjarDirectory = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    private final byte[] index;
    private final byte[] initializer;

    public SwaggerUiController(SwaggerUiSettings settings, JsonMapper json) throws IOException {
        this.index = files.read("swagger-ui/index.html").orElseThrow();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("documents", OpenApiDocumentsController.DOCUMENTS.stream()
                .map(d -> Map.of("url", OpenApiDocumentsController.PATH + "/" + d.file(), "name", d.title())).toList());
        config.put("primaryName", OpenApiDocumentsController.DOCUMENTS.get(0).title());
        config.put("clientId", settings.getClientId());
        config.put("redirectPath", SwaggerUiSettings.REDIRECT_PATH);
        config.put("scopes", preselectedScopes());
        String script = new String(files.read("swagger-ui/swagger-initializer.js").orElseThrow(), StandardCharsets.UTF_8)
                .replace("/*RENKEI_CONFIG*/", json.writeValueAsString(config));
        this.initializer = script.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The scopes ticked when the Authorize dialog opens: reading the field-service families. The
     * bank scopes need accounts and PINs chosen in the journey and writes change data, so the
     * developer ticks those deliberately.
     */
    static List<String> preselectedScopes() {
        return Scopes.all().stream().filter(s -> s.endsWith(":read") && !Scopes.BANK_SCOPES.contains(s)).toList();
    }

    /** The page itself, at {@code /swagger-ui} and {@code /swagger-ui/} (its links are absolute). */
    @Get
    public HttpResponse<byte[]> index() {
        return StaticFiles.ok("index.html", index, PAGE_CACHE);
    }

    @Get("/{file}")
    public HttpResponse<byte[]> file(@PathVariable String file) {
        if (file.equals("index.html")) {
            return index();
        }
        if (file.equals("swagger-initializer.js")) {
            return StaticFiles.ok(file, initializer, PAGE_CACHE);
        }
        if (!WEBJAR_FILES.contains(file)) {
            throw ProblemException.notFound("/swagger-ui/" + file);
        }
        byte[] body = files.read(webjarDirectory + file).orElseThrow(() -> ProblemException.notFound("/swagger-ui/" + file));
        return StaticFiles.ok(file, body, ASSET_CACHE);
    }

    private static String webjarVersion() {
        try (InputStream in = SwaggerUiController.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
