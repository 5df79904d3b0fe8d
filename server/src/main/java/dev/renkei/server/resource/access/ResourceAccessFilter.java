package dev.renkei.server.resource.access;

import dev.renkei.server.account.Callers;
import dev.renkei.server.shared.error.ProblemResponses;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.ratelimit.RateLimitDecision;
import dev.renkei.server.shared.ratelimit.RateLimitSettings;
import dev.renkei.server.shared.ratelimit.RateLimiter;
import dev.renkei.server.shared.security.AuthenticationMethod;
import dev.renkei.server.shared.security.Caller;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.security.authentication.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The Resource API's rules for every call, in one place and in this order, after the security
 * filter has authenticated the bearer token:
 * <ol>
 *   <li>only OAuth access tokens and static tokens are accepted (not session tokens);</li>
 *   <li>the published limits (5 calls per second per token, the daily quota per program): over a
 *       limit, 429 with {@code Retry-After} and a {@code quota-exceeded} problem;</li>
 *   <li>the operation's scope ({@link ResourceScopes}): without it, 403 {@code insufficient-scope}
 *       (RFC 6750 §3.1).</li>
 * </ol>
 * Every answer to an authenticated call, errors included, carries {@code RateLimit-Policy} and
 * {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers). The work here is all in memory: it
 * runs on the event loop without a database round trip.
 */
@ServerFilter(ResourceScopes.PREFIX + "**")
public class ResourceAccessFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceAccessFilter.class);
    private static final String DECISION = "renkei.rate-limit";

    private final RateLimiter limiter;
    private final RateLimitSettings settings;

    public ResourceAccessFilter(RateLimiter limiter, RateLimitSettings settings) {
        this.limiter = limiter;
        this.settings = settings;
    }

    @EventListener
    void warnWhenLimitsAreOff(StartupEvent event) {
        if (!settings.isEnabled()) {
            LOG.warn("renkei.rate-limits.enabled=false: the Resource API enforces no rate limit or quota (benchmarks only)");
        }
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return null; // the security rules answer 401 themselves
        }
        ResourceCaller caller = callerOf(authentication.get());
        if (caller == null) {
            return ProblemResponses.of(request, ProblemType.INVALID_TOKEN,
                            "The Resource API accepts OAuth access tokens and static API tokens, not session tokens", null)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"renkei\", error=\"invalid_token\", "
                            + "error_description=\"Session tokens are not accepted here\"");
        }
        request.setAttribute(AccessTokenValidator.CALLER, caller);
        if (settings.isEnabled()) {
            RateLimitDecision decision = limiter.acquire(caller.rateKey(), caller.quotaKey(), caller.dailyQuota());
            request.setAttribute(DECISION, decision);
            if (!decision.allowed()) {
                return reportLimits(request, ProblemResponses.of(request, ProblemType.QUOTA_EXCEEDED, refusal(decision, caller), null)
                        .header(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds())));
            }
        }
        String required = ResourceScopes.required(request.getMethod(), request.getPath());
        if (required != null && !caller.scopes().contains(required)) {
            return reportLimits(request, ProblemResponses.of(request, ProblemType.INSUFFICIENT_SCOPE,
                            "This operation needs the scope " + required + (caller.kind() == ResourceCaller.Kind.STATIC_TOKEN
                            ? "; a static token may do only what its account may do" : "; the access token was not granted it"), null)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"renkei\", error=\"insufficient_scope\", scope=\""
                            + required + "\""));
        }
        return null;
    }

    /** Adds the limit fields to every answer, including those this filter gives itself. */
    @ResponseFilter
    public MutableHttpResponse<?> reportLimits(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(DECISION, RateLimitDecision.class).ifPresent(decision -> {
            response.header("RateLimit-Policy", decision.policyHeader());
            response.header("RateLimit", decision.limitHeader());
        });
        return response;
    }

    @Nullable
    private ResourceCaller callerOf(Authentication authentication) {
        Object attribute = authentication.getAttributes().get(AccessTokenValidator.CALLER);
        if (attribute instanceof ResourceCaller caller) {
            return caller;
        }
        if (authentication.getAttributes().get(Callers.CALLER) instanceof Caller holder
                && holder.method() == AuthenticationMethod.API_TOKEN && holder.apiTokenId() != null) {
            return new ResourceCaller(ResourceCaller.Kind.STATIC_TOKEN, holder.accountId(), null, null,
                    ResourceScopes.ofStaticToken(holder), "pat:" + holder.apiTokenId(), "account:" + holder.accountId(),
                    settings.getStaticTokenDailyQuota());
        }
        return null;
    }

    private static String refusal(RateLimitDecision decision, ResourceCaller caller) {
        if (decision.exceeded() == RateLimitDecision.Policy.DAILY) {
            return "The daily quota of " + decision.dailyQuota() + " calls of this "
                    + (caller.kind() == ResourceCaller.Kind.ACCESS_TOKEN ? "partner program" : "account's static tokens")
                    + " is used up. It resets at midnight Japan time, in " + decision.dailyResetSeconds() + " seconds.";
        }
        return "At most " + decision.burstLimit() + " calls per " + decision.burstWindowSeconds()
                + " second(s) are allowed per token. Retry after " + decision.retryAfterSeconds() + " second(s).";
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
