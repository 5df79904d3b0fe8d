package dev.renkei.server.shared.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Turns every error the framework itself produces (unknown route, wrong method, unreadable JSON,
 * constraint violations, unhandled exceptions) into the same RFC 9457 body our services use.
 * Messages of unexpected exceptions never reach the client; the request id links the client's
 * report to the log line.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<ProblemDetails> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

    @Override
    @NonNull
    public MutableHttpResponse<ProblemDetails> processResponse(@NonNull ErrorContext context,
                                                               @NonNull MutableHttpResponse<?> baseResponse) {
        int status = baseResponse.code();
        ProblemType type = ProblemType.forStatus(status);
        Throwable cause = context.getRootCause().orElse(null);
        String detail = null;
        List<ProblemDetails.InvalidParam> errors = List.of();
        if (status == 400) {
            if (isBodyUnreadable(cause)) {
                type = ProblemType.MALFORMED_REQUEST;
                detail = "The request body is not well-formed JSON of the documented shape";
            } else {
                detail = "One or more parameters are not valid";
            }
            errors = context.getErrors().stream()
                    .map(e -> new ProblemDetails.InvalidParam(e.getPath().orElse(""), safeMessage(e.getMessage())))
                    .toList();
        } else if (status >= 500) {
            LOG.error("Unhandled error on {} {}", context.getRequest().getMethod(), context.getRequest().getPath(), cause);
            detail = "An unexpected error occurred; quote the request id when reporting it";
        } else if (status == 404) {
            detail = "No resource at this path";
        } else if (status == 405) {
            detail = "This path does not support " + context.getRequest().getMethod();
        } else if (status == 415) {
            detail = "Send the body as application/json";
        } else if (status == 406) {
            detail = "This operation answers application/json only";
        }
        MutableHttpResponse<ProblemDetails> fresh = ProblemResponses.of(context.getRequest(), type, detail, errors);
        baseResponse.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> fresh.header(name, v));
            }
        });
        return fresh.status(baseResponse.status());
    }

    private static boolean isBodyUnreadable(Throwable cause) {
        return cause instanceof SerdeException
                || cause instanceof com.fasterxml.jackson.core.JsonProcessingException
                || (cause instanceof ConversionErrorException && !(cause.getCause() instanceof ConstraintViolationException));
    }

    /** Framework messages can name Java types; keep the part a client can act on. */
    private static String safeMessage(String message) {
        if (message == null) {
            return "invalid";
        }
        String firstLine = message.lines().findFirst().orElse(message);
        return firstLine.replaceAll("`?[a-z]+(\\.[a-zA-Z0-9_$]+){2,}`?", "value").trim();
    }
}
