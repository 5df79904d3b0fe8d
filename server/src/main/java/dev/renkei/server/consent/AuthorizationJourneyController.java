package dev.renkei.server.consent;

import dev.renkei.server.api.authorization.AuthorizationJourneyApi;
import dev.renkei.server.api.authorization.model.AuthorizationJourney;
import dev.renkei.server.api.authorization.model.JourneyDecision;
import dev.renkei.server.api.authorization.model.JourneyDecisionValue;
import dev.renkei.server.api.authorization.model.JourneyLogin;
import dev.renkei.server.api.authorization.model.JourneyOutcome;
import dev.renkei.server.api.authorization.model.JourneyPinRegistration;
import dev.renkei.server.api.authorization.model.JourneyPinResult;
import dev.renkei.server.api.authorization.model.JourneyServiceSelection;
import dev.renkei.server.api.authorization.model.Scope;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.context.ServerRequestContext;

import java.net.URI;

/**
 * The JSON journey API behind the consent pages. Every answer contains the CSRF token or the
 * authorization code, so none may be cached. The journey session travels in the
 * {@code renkei_journey} cookie, read from the current request.
 */
@Controller
public class AuthorizationJourneyController implements AuthorizationJourneyApi {

    private final JourneyService service;
    private final JourneyCookies cookies;

    public AuthorizationJourneyController(JourneyService service, JourneyCookies cookies) {
        this.service = service;
        this.cookies = cookies;
    }

    @Override
    public HttpResponse<AuthorizationJourney> getAuthorizationJourney(String journeyId) {
        return noStore(HttpResponse.ok(JourneyMapper.toDto(service.read(journeyId, session()))));
    }

    @Override
    public HttpResponse<AuthorizationJourney> logInToJourney(String journeyId, String csrfToken, JourneyLogin login) {
        JourneyService.LoggedIn loggedIn = service.logIn(journeyId, csrfToken, login.getLoginId(), login.getPassword());
        return noStore(HttpResponse.ok(JourneyMapper.toDto(loggedIn.view()))
                .cookie(cookies.create(request(), loggedIn.session(), loggedIn.view().journey().expiresAt())));
    }

    @Override
    public HttpResponse<AuthorizationJourney> selectJourneyServices(String journeyId, String csrfToken,
                                                                    JourneyServiceSelection selection) {
        return noStore(HttpResponse.ok(JourneyMapper.toDto(service.selectServices(journeyId, session(), csrfToken,
                selection.getScopes().stream().map(Scope::getValue).toList()))));
    }

    @Override
    public HttpResponse<JourneyPinResult> registerJourneyPins(String journeyId, String csrfToken,
                                                              JourneyPinRegistration registration) {
        // The generated list type does not forbid null items (the contract's items are objects, never null).
        int nullAt = registration.getEntries().indexOf(null);
        if (nullAt >= 0) {
            throw ProblemException.invalid("/entries/" + nullAt, "must be an object, not null");
        }
        var entries = registration.getEntries().stream()
                .map(e -> new JourneyService.PinEntry(e.getAccountId(), e.getPin())).toList();
        return noStore(HttpResponse.ok(JourneyMapper.toDto(service.registerPins(journeyId, session(), csrfToken, entries))));
    }

    @Override
    public HttpResponse<AuthorizationJourney> restartJourneyPinRegistration(String journeyId, String csrfToken) {
        return noStore(HttpResponse.ok(JourneyMapper.toDto(service.addMorePins(journeyId, session(), csrfToken))));
    }

    @Override
    public HttpResponse<AuthorizationJourney> confirmJourneyPins(String journeyId, String csrfToken) {
        return noStore(HttpResponse.ok(JourneyMapper.toDto(service.confirmPins(journeyId, session(), csrfToken))));
    }

    @Override
    public HttpResponse<JourneyOutcome> decideAuthorizationJourney(String journeyId, String csrfToken,
                                                                   JourneyDecision decision) {
        JourneyService.Decision value = decision.getDecision() == JourneyDecisionValue.PERMIT
                ? JourneyService.Decision.PERMIT : JourneyService.Decision.DENY;
        String redirectTo = service.decide(journeyId, session(), csrfToken, value);
        return noStore(HttpResponse.ok(new JourneyOutcome(URI.create(redirectTo))));
    }

    private static <T> MutableHttpResponse<T> noStore(MutableHttpResponse<T> response) {
        return response.header("Cache-Control", "no-store");
    }

    private static HttpRequest<?> request() {
        return ServerRequestContext.currentRequest()
                .orElseThrow(() -> new IllegalStateException("journey operations run inside a request"));
    }

    private static String session() {
        return JourneyCookies.read(request());
    }
}
