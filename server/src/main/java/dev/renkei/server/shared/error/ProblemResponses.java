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
        String requestId = RequestIds.of(request);
        ProblemDetails body = new ProblemDetails(type.uri(), type.title(), type.status().getCode(), detail,
                request.getPath(), requestId, errors == null || errors.isEmpty() ? null : errors);
        return HttpResponse.<ProblemDetails>status(type.status())
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
