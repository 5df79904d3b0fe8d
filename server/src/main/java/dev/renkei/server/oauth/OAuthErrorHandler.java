package dev.renkei.server.oauth;

import dev.renkei.server.shared.web.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The one handler for the OAuth error format (RFC 6749 §5.2), with no-store as §5.1 asks. */
@Produces
@Singleton
public class OAuthErrorHandler implements ExceptionHandler<OAuthError, HttpResponse<OAuthErrorHandler.Body>> {

    /** The RFC 6749 §5.2 body. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String error, @JsonProperty("error_description") String errorDescription) {
    }

    @Override
    public HttpResponse<Body> handle(HttpRequest request, OAuthError error) {
        MutableHttpResponse<Body> response = HttpResponse.<Body>status(HttpStatus.valueOf(error.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header(RequestIds.HEADER, RequestIds.of(request))
                .body(new Body(error.code(), error.getMessage()));
        if (error.status() == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"renkei\"");
        }
        return response;
    }
}
