package dev.renkei.server.oauth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.renkei.server.api.authorization.OAuth2Api;
import dev.renkei.server.api.authorization.model.AccessTokenType;
import dev.renkei.server.api.authorization.model.AuthorizationServerMetadata;
import dev.renkei.server.api.authorization.model.ClientAuthMethod;
import dev.renkei.server.api.authorization.model.CodeChallengeMethod;
import dev.renkei.server.api.authorization.model.GrantType;
import dev.renkei.server.api.authorization.model.IntrospectedTokenType;
import dev.renkei.server.api.authorization.model.JsonWebKey;
import dev.renkei.server.api.authorization.model.JsonWebKeySet;
import dev.renkei.server.api.authorization.model.JwkCurve;
import dev.renkei.server.api.authorization.model.JwkKeyType;
import dev.renkei.server.api.authorization.model.JwkUse;
import dev.renkei.server.api.authorization.model.PushedAuthorizationResponse;
import dev.renkei.server.api.authorization.model.ResponseMode;
import dev.renkei.server.api.authorization.model.ResponseType;
import dev.renkei.server.api.authorization.model.Scope;
import dev.renkei.server.api.authorization.model.SigningAlgorithm;
import dev.renkei.server.api.authorization.model.TokenIntrospection;
import dev.renkei.server.api.authorization.model.TokenResponse;
import dev.renkei.server.api.authorization.model.TokenTypeHint;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.transaction.annotation.Transactional;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The OAuth 2 endpoints. Errors are answered in RFC 6749 §5.2 form by {@link OAuthErrorHandler}. */
@Controller
public class OAuthController implements OAuth2Api {

    private final AuthorizationService authorization;
    private final TokenService tokens;
    private final PartnerProgramService programs;
    private final SigningKeys keys;
    private final OAuthSettings settings;
    private final ErrorPages errorPages;

    public OAuthController(AuthorizationService authorization, TokenService tokens, PartnerProgramService programs,
                           SigningKeys keys, OAuthSettings settings, ErrorPages errorPages) {
        this.authorization = authorization;
        this.tokens = tokens;
        this.programs = programs;
        this.keys = keys;
        this.settings = settings;
        this.errorPages = errorPages;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public HttpResponse<Void> authorize(String responseType, String clientId, String redirectUri, String scope,
                                        String state, String codeChallenge, String codeChallengeMethod, String requestUri) {
        AuthorizationService.Outcome outcome = authorization.authorize(new AuthorizationRequest(responseType, clientId,
                redirectUri, scope, state, codeChallenge, codeChallengeMethod, requestUri));
        if (outcome instanceof AuthorizationService.Redirect redirect) {
            return HttpResponse.<Void>status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, redirect.location())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        AuthorizationService.ErrorPage page = (AuthorizationService.ErrorPage) outcome;
        // The contract declares no body for this operation's success; the error page is HTML.
        return (HttpResponse) errorPages.render(page.error(), page.description());
    }

    @Override
    public HttpResponse<PushedAuthorizationResponse> pushAuthorizationRequest(
            @Body("response_type") String responseType, @Body("client_id") String clientId,
            @Body("client_secret") String clientSecret, @Body("redirect_uri") String redirectUri, String scope, String state,
            @Body("code_challenge") String codeChallenge, @Body("code_challenge_method") String codeChallengeMethod) {
        PartnerProgram program = authenticateClient(clientId, clientSecret);
        AuthorizationService.Pushed pushed = authorization.push(program, new AuthorizationRequest(responseType,
                program.clientId(), redirectUri, scope, state, codeChallenge, codeChallengeMethod, null));
        return HttpResponse.created(new PushedAuthorizationResponse(URI.create(pushed.requestUri()), pushed.expiresIn()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /**
     * One transaction for client authentication and the grant: one connection and one commit per
     * request instead of two. Client authentication only reads (and usually not even that: see
     * PartnerProgramService#authenticate); the grants' own {@code noRollbackFor} is repeated here so a
     * reuse detection's family revocation is still committed when the grant fails.
     */
    @Override
    @Transactional(noRollbackFor = OAuthError.class)
    public HttpResponse<TokenResponse> requestToken(@Body("grant_type") GrantType grantType, String code,
                                                    @Body("redirect_uri") String redirectUri,
                                                    @Body("code_verifier") String codeVerifier,
                                                    @Body("refresh_token") String refreshToken,
                                                    @Body("client_id") String clientId,
                                                    @Body("client_secret") String clientSecret, String scope) {
        PartnerProgram program = authenticateClient(clientId, clientSecret);
        TokenService.Issued issued = switch (grantType) {
            case AUTHORIZATION_CODE -> tokens.redeemCode(program, code, redirectUri, codeVerifier);
            case REFRESH_TOKEN -> tokens.refresh(program, refreshToken, scope);
        };
        return HttpResponse.ok(new TokenResponse(issued.accessToken(), AccessTokenType.BEARER, issued.expiresIn(),
                        issued.refreshToken(), String.join(" ", issued.scopes())))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache");
    }

    @Override
    public HttpResponse<Void> revokeToken(String token, @Body("token_type_hint") TokenTypeHint tokenTypeHint,
                                          @Body("client_id") String clientId, @Body("client_secret") String clientSecret) {
        PartnerProgram program = authenticateClient(clientId, clientSecret);
        tokens.revoke(program, token, tokenTypeHint == null ? null : tokenTypeHint.getValue());
        return HttpResponse.ok();
    }

    /**
     * No transaction here: client authentication and the token's revocation state are usually
     * answered from their short caches, and each opens its own read when it is not.
     */
    @Override
    public HttpResponse<TokenIntrospection> introspectToken(String token, @Body("token_type_hint") TokenTypeHint tokenTypeHint) {
        PartnerProgram program = authenticateClient(null, null);
        TokenService.Introspection result = tokens.introspect(program, token);
        TokenIntrospection body = new TokenIntrospection(result.active());
        if (result.active()) {
            body.scope(String.join(" ", result.scopes()))
                    .clientId(result.clientId())
                    .username(result.username())
                    .tokenType(IntrospectedTokenType.fromValue(result.tokenType()))
                    .sub(result.subject().toString())
                    .exp(result.expiresAt().getEpochSecond())
                    .iss(settings.issuer())
                    .consentId(result.consentId())
                    .iat(result.issuedAt().getEpochSecond())
                    .nbf(result.issuedAt().getEpochSecond())
                    .jti(result.jti());
            if (result.tokenType().equals(TokenService.ACCESS_TOKEN_TYPE)) {
                // Only access tokens are meant for the resource API (RFC 9068 §2.2).
                body.aud(settings.audience());
            }
        }
        return HttpResponse.ok(body).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Override
    public HttpResponse<AuthorizationServerMetadata> getAuthorizationServerMetadata() {
        String issuer = settings.issuer();
        List<ClientAuthMethod> methods = List.of(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.CLIENT_SECRET_POST,
                ClientAuthMethod.NONE);
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(URI.create(issuer),
                URI.create(issuer + "/oauth2/authorize"), URI.create(issuer + "/oauth2/token"),
                URI.create(issuer + "/oauth2/jwks"), URI.create(issuer + "/oauth2/par"), false,
                URI.create(issuer + "/oauth2/revoke"), URI.create(issuer + "/oauth2/introspect"),
                List.of(ResponseType.CODE), List.of(ResponseMode.QUERY),
                List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), List.of(CodeChallengeMethod.S256),
                methods, methods, List.of(ClientAuthMethod.CLIENT_SECRET_BASIC),
                Scopes.all().stream().map(Scope::fromValue).toList(), true, URI.create(issuer + "/docs"));
        return HttpResponse.ok(metadata).header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600");
    }

    /** Also asked for as application/jwk-set+json (RFC 7517 §8.5); the contract answers application/json either way. */
    @Override
    @Produces({MediaType.APPLICATION_JSON, "application/jwk-set+json"})
    public HttpResponse<JsonWebKeySet> getJwks() {
        List<JsonWebKey> published = keys.jwks().getKeys().stream().map(OAuthController::toDto).toList();
        return HttpResponse.ok(new JsonWebKeySet(published)).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300");
    }

    private static JsonWebKey toDto(JWK jwk) {
        ECKey ec = jwk.toECKey();
        return new JsonWebKey(JwkKeyType.EC, JwkCurve.P_256, ec.getX().toString(), ec.getY().toString(), ec.getKeyID(),
                JwkUse.SIG, SigningAlgorithm.ES256);
    }

    /**
     * RFC 6749 §2.3.1: HTTP Basic (client_secret_basic) or form fields (client_secret_post), never
     * both; a public client sends only client_id.
     */
    private PartnerProgram authenticateClient(String formClientId, String formSecret) {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElseThrow();
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String clientId = formClientId;
        String secret = formSecret;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret != null) {
                throw OAuthError.invalidRequest("Use one client authentication method, not two");
            }
            String[] pair = decodeBasic(authorization.substring(6).trim());
            if (formClientId != null && !formClientId.equals(pair[0])) {
                throw OAuthError.invalidRequest("client_id differs from the authenticated client");
            }
            clientId = pair[0];
            secret = pair[1];
        }
        if (clientId == null) {
            throw OAuthError.invalidClient("Client authentication is required");
        }
        return programs.authenticate(clientId, secret)
                .orElseThrow(() -> OAuthError.invalidClient("Client authentication failed"));
    }

    /** RFC 6749 §2.3.1: both parts are form-urlencoded before Base64. */
    private static String[] decodeBasic(String encoded) {
        try {
            String text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw OAuthError.invalidClient("Malformed Basic credentials");
            }
            return new String[] {URLDecoder.decode(text.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(text.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("Malformed Basic credentials");
        }
    }

    static MutableHttpResponse<String> html(HttpStatus status, String page) {
        return HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(page);
    }
}
