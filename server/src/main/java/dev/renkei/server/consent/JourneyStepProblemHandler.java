package dev.renkei.server.consent;

import dev.renkei.server.api.authorization.model.JourneyStep;
import dev.renkei.server.api.authorization.model.JourneyStepProblem;
import dev.renkei.server.shared.error.ProblemResponses;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.web.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * The problem body of {@code journey-step-invalid}: RFC 9457 members plus the extension member
 * {@code current_step}, so a client can send the browser to the page where the journey is.
 */
@Produces
@Singleton
public class JourneyStepProblemHandler implements ExceptionHandler<JourneyStepException, HttpResponse<JourneyStepProblem>> {

    @Override
    public HttpResponse<JourneyStepProblem> handle(HttpRequest request, JourneyStepException exception) {
        ProblemType type = exception.type();
        String requestId = RequestIds.of(request);
        JourneyStepProblem body = new JourneyStepProblem(type.uri(), type.title(), type.status().getCode(), requestId,
                JourneyStep.fromValue(exception.currentStep().name().toLowerCase(Locale.ROOT)))
                .detail(exception.getMessage())
                .instance(request.getPath());
        return HttpResponse.<JourneyStepProblem>status(type.status())
                .contentType(ProblemResponses.PROBLEM_JSON)
                .header(RequestIds.HEADER, requestId)
                .body(body);
    }
}
