package dev.renkei.server.oauth;

import dev.renkei.server.consent.Journey;
import dev.renkei.server.consent.JourneyRepository;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramService;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The authorization endpoint (RFC 6749 §4.1.1) and pushed authorization requests (RFC 9126).
 * A request whose client or redirect URI cannot be trusted ends on an error page and never
 * redirects (§4.1.2.1); every other error goes back to the program with {@code state} and
 * {@code iss}. A valid request starts a consent journey.
 */
@Singleton
public class AuthorizationService {

    static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    private static final Pattern CHALLENGE = Pattern.compile("^[A-Za-z0-9_-]{43,128}$");

    /** Where the browser goes next. */
    public sealed interface Outcome permits Redirect, ErrorPage {
    }

    /** 302 to a journey page or back to the program. */
    public record Redirect(String location) implements Outcome {
    }

    /** 400 page: the client or redirect URI is not trustworthy, so nothing redirects. */
    public record ErrorPage(String error, String description) implements Outcome {
    }

    /** A pushed request's handle (RFC 9126 §2.2). */
    public record Pushed(String requestUri, int expiresIn) {
    }

    private final PartnerProgramService programs;
    private final JourneyRepository journeys;
    private final OAuthTokenRepository tokens;
    private final AuthorizationCodes codes;
    private final OAuthSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    public AuthorizationService(PartnerProgramService programs, JourneyRepository journeys, OAuthTokenRepository tokens,
                                AuthorizationCodes codes, OAuthSettings settings, ObjectMapper json, Clock clock) {
        this.programs = programs;
        this.journeys = journeys;
        this.tokens = tokens;
        this.codes = codes;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Outcome authorize(AuthorizationRequest query) {
        PartnerProgram program = programs.findUsable(query.clientId()).orElse(null);
        if (program == null) {
            return new ErrorPage("invalid_client", "The client_id is unknown or the program is disabled");
        }
        AuthorizationRequest request = query;
        boolean pushedRequestSpent = false;
        if (query.requestUri() != null) {
            Instant now = clock.instant();
            OAuthTokenRepository.PushedRequest pushed = tokens.findPushedRequestForUpdate(query.requestUri(), program.id())
                    .orElse(null);
            if (pushed == null) {
                return new ErrorPage("invalid_request_uri", "The request_uri is unknown or another client's");
            }
            request = read(pushed.parameters());
            // A used or expired handle was still pushed by this program for a URI checked then (and
            // again below), so the program hears about it instead of the customer seeing a dead end.
            pushedRequestSpent = pushed.usedAt() != null || !now.isBefore(pushed.expiresAt());
            if (!pushedRequestSpent) {
                tokens.markPushedRequestUsed(query.requestUri(), now);
            }
        }
        // Exact match, and no default even for a single registered URI (contract; RFC 9700 §4.1.3).
        String redirectUri = request.redirectUri();
        if (redirectUri == null || !program.redirectUris().contains(redirectUri)) {
            return new ErrorPage("invalid_request", "The redirect_uri is missing or not registered for this client");
        }
        String state = request.state();
        if (pushedRequestSpent) {
            return back(redirectUri, "invalid_request_uri", "The request_uri was already used or has expired", state);
        }
        if (program.requirePar() && query.requestUri() == null) {
            return back(redirectUri, "invalid_request", "This client must push its authorization requests (PAR)", state);
        }
        Problem problem = problemWith(program, request);
        if (problem != null) {
            return back(redirectUri, problem.error(), problem.description(), state);
        }
        Instant now = clock.instant();
        Journey journey = new Journey(SecretTokens.randomBase62(32), program.id(), redirectUri, state,
                scopes(request), null, request.codeChallenge(), Journey.Step.LOGIN, null,
                SecretTokens.randomBase62(32), List.of(), Map.of(), now, now.plus(settings.journeyLifetime()), null);
        journeys.insert(journey);
        return new Redirect("/consent/" + journey.id() + "/login");
    }

    /** RFC 9126: validates now, so the later redirect only carries the handle. */
    @Transactional
    public Pushed push(PartnerProgram program, AuthorizationRequest request) {
        if (request.requestUri() != null) {
            throw OAuthError.invalidRequest("request_uri must not be pushed");
        }
        if (request.redirectUri() == null || !program.redirectUris().contains(request.redirectUri())) {
            throw OAuthError.invalidRequest("redirect_uri is missing or not registered for this client");
        }
        Problem problem = problemWith(program, request);
        if (problem != null) {
            throw new OAuthError(problem.error(), 400, problem.description());
        }
        String requestUri = REQUEST_URI_PREFIX + SecretTokens.randomBase62(32);
        AuthorizationRequest stored = new AuthorizationRequest(request.responseType(), program.clientId(),
                request.redirectUri(), request.scope(), request.state(), request.codeChallenge(),
                request.codeChallengeMethod(), null);
        tokens.insertPushedRequest(requestUri, program.id(), write(stored), clock.instant().plus(settings.parLifetime()));
        return new Pushed(requestUri, (int) settings.parLifetime().toSeconds());
    }

    /** What is wrong with an authorization request, as its RFC 6749 §4.1.2.1 error code. */
    private record Problem(String error, String description) {
    }

    @Nullable
    private static Problem problemWith(PartnerProgram program, AuthorizationRequest request) {
        if (request.responseType() == null) {
            return new Problem("invalid_request", "response_type is required");
        }
        if (!"code".equals(request.responseType())) {
            return new Problem("unsupported_response_type", "response_type must be code");
        }
        if (request.codeChallenge() == null) {
            return new Problem("invalid_request", "code_challenge is required (PKCE, RFC 7636)");
        }
        if (!"S256".equals(request.codeChallengeMethod())) {
            return new Problem("invalid_request", "code_challenge_method must be S256");
        }
        if (!CHALLENGE.matcher(request.codeChallenge()).matches()) {
            return new Problem("invalid_request", "code_challenge must be 43 to 128 base64url characters");
        }
        List<String> scopes = scopes(request);
        if (scopes.isEmpty()) {
            return new Problem("invalid_scope", "scope is required");
        }
        for (String scope : scopes) {
            if (!Scopes.isKnown(scope)) {
                return new Problem("invalid_scope", "scope " + scope + " is unknown");
            }
            if (!program.allowedScopes().contains(scope)) {
                return new Problem("invalid_scope", "scope " + scope + " is not allowed for this client");
            }
        }
        return null;
    }

    /** The requested scopes (RFC 6749 §3.3); empty when none were named, which the contract refuses. */
    private static List<String> scopes(AuthorizationRequest request) {
        if (request.scope() == null || request.scope().isBlank()) {
            return List.of();
        }
        return List.of(request.scope().trim().split("\\s+")).stream().distinct().toList();
    }

    private Redirect back(String redirectUri, String error, String description, @Nullable String state) {
        return new Redirect(codes.error(redirectUri, error, description, state));
    }

    private AuthorizationRequest read(String stored) {
        try {
            return json.readValue(stored, AuthorizationRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(AuthorizationRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
