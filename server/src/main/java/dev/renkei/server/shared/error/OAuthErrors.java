package dev.renkei.server.shared.error;

import dev.renkei.server.shared.web.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Framework-level failures (missing or mistyped form fields, wrong media type) on the OAuth
 * endpoints, answered as RFC 6749 §5.2 errors so OAuth client libraries understand them.
 */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    public static boolean isOAuthEndpoint(HttpRequest<?> request) {
        String path = request.getPath();
        return path.startsWith("/oauth2/") && !path.equals("/oauth2/jwks");
    }

    /** The authorization endpoint, which the customer's browser calls: its errors are pages, not JSON. */
    public static boolean isAuthorizationEndpoint(HttpRequest<?> request) {
        return request.getPath().equals("/oauth2/authorize");
    }

    static MutableHttpResponse<Map<String, String>> fromFramework(ErrorContext context, MutableHttpResponse<?> base) {
        String description = context.getErrors().stream().findFirst()
                .map(e -> e.getMessage() == null ? "The request is malformed" : e.getMessage().lines().findFirst().orElse(""))
                .orElse("The request is malformed");
        boolean missing = description.contains("not specified");
        boolean badGrantType = !missing && (description.contains("grant_type") || description.contains("GrantType"));
        boolean badTokenTypeHint = !missing && (description.contains("token_type_hint") || description.contains("TokenTypeHint"));
        String error = base.code() >= 500 ? "server_error"
                : badGrantType ? "unsupported_grant_type"
                : badTokenTypeHint ? "unsupported_token_type" : "invalid_request";
        if (error.equals("unsupported_grant_type")) {
            description = "grant_type must be authorization_code or refresh_token";
        } else if (error.equals("unsupported_token_type")) {
            description = "token_type_hint must be access_token or refresh_token";
        } else if (base.code() >= 500) {
            description = "An unexpected error occurred; quote the X-Request-Id when reporting it";
        } else {
            description = description.replaceAll("`?[a-z]+(\\.[a-zA-Z0-9_$]+){2,}`?", "value");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return HttpResponse.<Map<String, String>>status(base.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header(RequestIds.HEADER, RequestIds.of(context.getRequest()))
                .body(body);
    }
}
