package dev.renkei.server.resource.access;

import dev.renkei.server.token.ApiTokenService;
import dev.renkei.server.token.ApiTokenValidator;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.http.server.util.locale.HttpLocaleResolver;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.config.SecurityConfiguration;
import io.micronaut.security.config.SecurityConfigurationProperties;
import io.micronaut.security.event.TokenValidatedEvent;
import io.micronaut.security.filters.SecurityFilter;
import io.micronaut.security.rules.IpPatternsRule;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.token.bearer.BearerTokenConfiguration;
import io.micronaut.security.token.bearer.BearerTokenReader;
import io.micronaut.security.token.cookie.CookieTokenReader;
import io.micronaut.security.token.reader.DefaultTokenResolver;
import io.micronaut.security.token.reader.TokenReader;
import io.micronaut.security.token.reader.TokenResolver;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.Router;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The common case of the Resource API decided on the calling thread, in place of the framework's
 * security filter: a bearer token that the short credential caches already accept (a static
 * token, or an access token whose signature, grant state and program are cached) and that the
 * security rules allow. Such a call gets what {@link SecurityFilter} would give it — the same
 * {@link Authentication} the token validators build, the same request attributes, the
 * {@link TokenValidatedEvent} (when something listens to it) — and {@link ResourceSecurityFilter}
 * then leaves the filter chain. The framework's filter is an around filter over a reactive chain
 * of authentication fetchers, token validators and rules; for a read of one spot that chain cost
 * about a quarter of the event loop's work.
 *
 * <p>The rules are the framework's, in its order, less two that cannot decide a Resource API call
 * as configured: the IP-pattern rule when the patterns admit every address, and the
 * {@code @Secured} rule when no Resource API route carries the annotation. Everything else — other
 * paths, no token, several, a token the caches do not know or refuse, no rule deciding, a rule
 * that rejects or answers asynchronously — is left untouched to the framework's filter, which
 * decides and words it.
 */
@Singleton
@Requires(property = "micronaut.security.enabled", notEquals = StringUtils.FALSE, defaultValue = StringUtils.TRUE)
public class CachedTokenAuthentication {

    /** Set on a call decided here, true or false. */
    private static final String DECIDED = "renkei.security.cached-token";
    private static final String ONCE = "micronaut.once." + SecurityFilter.class.getSimpleName();

    private final Collection<SecurityRule<HttpRequest<?>>> securityRules;
    private final SecurityConfiguration securityConfiguration;
    private final TokenResolver<HttpRequest<?>> tokenResolver;
    private final ApiTokenValidator apiTokens;
    private final AccessTokenAuthenticator accessTokens;
    private final ApplicationEventPublisher<TokenValidatedEvent> events;
    private final HttpHostResolver hosts;
    private final HttpLocaleResolver locales;
    /** Resolving the host and locale for an event nobody listens to is a tenth of an authenticated call's work. */
    private final boolean announceValidatedTokens;
    /**
     * The bearer header is read directly when the framework's resolver would find nothing else:
     * its only readers are the bearer header and cookies, and the request sends no cookie.
     */
    @Nullable
    private final BearerTokenConfiguration bearerHeaderOnly;
    /** The router is built from the filters, the security filter that asks here included: it is asked on the first call. */
    private final BeanProvider<Router> router;
    /** Set on first use. */
    @Nullable
    private volatile ResourceRules resourceRules;

    /**
     * {@link #securityRules} less those that answer UNKNOWN to every Resource API call, and
     * whether one of those left needs the matched route (the {@code @Secured} rule).
     */
    private record ResourceRules(List<SecurityRule<HttpRequest<?>>> rules, boolean needRoute) {
    }

    public CachedTokenAuthentication(Collection<SecurityRule<HttpRequest<?>>> securityRules,
                                     SecurityConfiguration securityConfiguration, TokenResolver<HttpRequest<?>> tokenResolver,
                                     Collection<TokenReader<HttpRequest<?>>> tokenReaders,
                                     @Nullable BearerTokenConfiguration bearer,
                                     ApiTokenValidator apiTokens, AccessTokenAuthenticator accessTokens,
                                     ApplicationEventPublisher<TokenValidatedEvent> events, HttpHostResolver hosts,
                                     HttpLocaleResolver locales, BeanContext beans, BeanProvider<Router> router) {
        this.securityRules = securityRules;
        this.securityConfiguration = securityConfiguration;
        this.tokenResolver = tokenResolver;
        this.apiTokens = apiTokens;
        this.accessTokens = accessTokens;
        this.events = events;
        this.hosts = hosts;
        this.locales = locales;
        this.router = router;
        // The same lookup as the event publisher's, without creating the listeners.
        this.announceValidatedTokens = !beans.getBeanDefinitions(ApplicationEventListener.class,
                Qualifiers.byTypeArguments(TokenValidatedEvent.class)).isEmpty();
        boolean onlyHeaderAndCookies = tokenResolver instanceof DefaultTokenResolver
                && tokenReaders.stream().allMatch(r -> r instanceof BearerTokenReader || r instanceof CookieTokenReader);
        this.bearerHeaderOnly = onlyHeaderAndCookies && bearer != null && bearer.isEnabled()
                && !bearer.getPrefix().isEmpty() ? bearer : null;
    }

    /**
     * True when the call was authenticated and allowed here, with everything the framework's
     * security filter would have set on it; false (and nothing the framework reads changed) when
     * that filter must decide. A second question about the same call gets the first answer.
     */
    public boolean authenticated(HttpRequest<?> request) {
        if (!request.getPath().startsWith(ResourceScopes.PREFIX)) {
            return false;
        }
        Optional<Boolean> earlier = request.getAttribute(DECIDED, Boolean.class);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        boolean decided = authenticateNow(request);
        request.setAttribute(DECIDED, decided);
        return decided;
    }

    private boolean authenticateNow(HttpRequest<?> request) {
        String token = onlyToken(request);
        if (token == null) {
            return false;
        }
        Optional<Authentication> known = token.startsWith(ApiTokenService.SECRET_PREFIX)
                ? apiTokens.acceptIfCached(token)
                : accessTokens.authenticateIfCached(token);
        if (known.isEmpty() || !allowed(request, known.get())) {
            return false;
        }
        request.setAttribute(SecurityFilter.KEY, true);
        request.setAttribute(ONCE, true);
        request.setAttribute(SecurityFilter.TOKEN, token);
        if (announceValidatedTokens) {
            events.publishEvent(new TokenValidatedEvent(token, hosts.resolve(request), locales.resolveOrDefault(request)));
        }
        request.setAttribute(SecurityFilter.AUTHENTICATION, known.get());
        return true;
    }

    /** The one bearer token the request carries, as the framework's resolver reads it; null when none or several. */
    @Nullable
    private String onlyToken(HttpRequest<?> request) {
        HttpHeaders headers = request.getHeaders();
        if (bearerHeaderOnly != null && !headers.contains(HttpHeaders.COOKIE)) {
            String value = headers.get(bearerHeaderOnly.getHeaderName());
            String prefix = bearerHeaderOnly.getPrefix();
            // HttpHeaderTokenReader's rule: the prefix and a space, in any case, then the token as sent.
            if (value != null && value.length() > prefix.length() + 1 && value.charAt(prefix.length()) == ' '
                    && value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return value.substring(prefix.length() + 1);
            }
        }
        List<String> tokens = tokenResolver.resolveTokens(request);
        return tokens.size() == 1 ? tokens.get(0) : null;
    }

    /**
     * Whether {@link SecurityFilter} would let the authenticated call through: the first rule
     * that allows or rejects decides. False when no rule decides (the framework's answer then
     * depends on the route), when a rule does not answer on the calling thread, or when a rule
     * needs the route and it is not matched yet: the framework's filter decides those.
     */
    private boolean allowed(HttpRequest<?> request, Authentication authentication) {
        ResourceRules rules = resourceRules();
        if (rules.needRoute() && request.getAttribute(HttpAttributes.ROUTE_MATCH, RouteMatch.class).isEmpty()) {
            return false;
        }
        for (SecurityRule<HttpRequest<?>> rule : rules.rules()) {
            Immediate<SecurityRuleResult> result = Immediate.of(rule.check(request, authentication));
            if (!result.done) {
                return false;
            }
            if (result.value != null && result.value != SecurityRuleResult.UNKNOWN) {
                return result.value == SecurityRuleResult.ALLOWED;
            }
        }
        return false;
    }

    private ResourceRules resourceRules() {
        ResourceRules rules = resourceRules;
        if (rules == null) {
            List<String> ipPatterns = securityConfiguration.getIpPatterns();
            boolean everyAddress = ipPatterns.isEmpty() || ipPatterns.contains(SecurityConfigurationProperties.ANYWHERE);
            boolean securedResourceRoute = router.get().uriRoutes().anyMatch(route ->
                    ResourceApiSecurityRule.isResourcePath(route.getUriMatchTemplate().toPathString())
                            && route.getAnnotationMetadata().hasStereotype(Secured.class));
            List<SecurityRule<HttpRequest<?>>> kept = securityRules.stream()
                    .filter(rule -> !(everyAddress && rule.getClass() == IpPatternsRule.class))
                    .filter(rule -> !(!securedResourceRoute && rule.getClass() == SecuredAnnotationRule.class))
                    .toList();
            rules = new ResourceRules(kept, kept.stream().anyMatch(rule -> rule instanceof SecuredAnnotationRule));
            resourceRules = rules;
        }
        return rules;
    }

    /** The first item of a publisher that answers while it is subscribed to, as the built-in rules do. */
    private static final class Immediate<T> implements Subscriber<T> {
        private boolean done;
        @Nullable
        private T value;

        static <T> Immediate<T> of(Publisher<T> publisher) {
            Immediate<T> immediate = new Immediate<>();
            publisher.subscribe(immediate);
            return immediate;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(1);
        }

        @Override
        public void onNext(T item) {
            if (!done) {
                value = item;
                done = true;
            }
        }

        @Override
        public void onError(Throwable failure) {
            // not decided here: the framework's own path meets the same failure and handles it
        }

        @Override
        public void onComplete() {
            done = true;
        }
    }
}
