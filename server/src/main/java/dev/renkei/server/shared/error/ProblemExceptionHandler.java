package dev.renkei.server.shared.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a {@link ProblemException} thrown anywhere below a controller. */
@Produces
@Singleton
public class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<ProblemDetails>> {

    @Override
    public HttpResponse<ProblemDetails> handle(HttpRequest request, ProblemException exception) {
        return ProblemResponses.of(request, exception);
    }
}
