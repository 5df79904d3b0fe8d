package dev.renkei.server.shared.error;

import dev.renkei.server.shared.web.RequestIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.util.List;

/** Builds every problem+json response, so all of them carry the same members and headers. */
public final class ProblemResponses {

    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    private ProblemResponses() {
    }

    public static MutableHttpResponse<ProblemDetails> of(HttpRequest<?> request, ProblemType type,
                                                         @Nullable String detail,
                                                         @Nullable List<ProblemDetails.InvalidParam> errors) {
        return of(request, type, type.status(), detail, errors);
    }

    /** With a status other than the type's own, for framework errors that share a generic type. */
    public static MutableHttpResponse<ProblemDetails> of(HttpRequest<?> request, ProblemType type, HttpStatus status,
                                                         @Nullable String detail,
                                                         @Nullable List<ProblemDetails.InvalidParam> errors) {
        String requestId = RequestIds.of(request);
        // RFC 9457 §3.1.4: the member repeats the response's status; they must never disagree.
        ProblemDetails body = new ProblemDetails(type.uri(), type.title(), status.getCode(), detail,
                request.getPath(), requestId, errors == null || errors.isEmpty() ? null : errors);
        return HttpResponse.<ProblemDetails>status(status)
                .contentType(PROBLEM_JSON)
                .header(RequestIds.HEADER, requestId)
                .body(body);
    }

    public static MutableHttpResponse<ProblemDetails> of(HttpRequest<?> request, ProblemException problem) {
        MutableHttpResponse<ProblemDetails> response = of(request, problem.type(), problem.getMessage(), problem.errors());
        problem.headers().forEach(response::header);
        // RFC 9110 §11.6.1: every 401 carries a challenge. Without a refused token (a wrong
        // password, say) it is the bare Bearer challenge of RFC 6750 §3.
        if (problem.type().status() == HttpStatus.UNAUTHORIZED && !response.getHeaders().contains("WWW-Authenticate")) {
            response.header("WWW-Authenticate", "Bearer realm=\"renkei\"");
        }
        return response;
    }
}
