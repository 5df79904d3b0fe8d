package dev.renkei.server.resource.access;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.security.config.SecurityConfiguration;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.security.filters.SecurityFilter;
import io.micronaut.security.rules.SecurityRule;

import java.util.Collection;

/**
 * The framework's security filter, unchanged, except that it leaves the filter chain of a
 * Resource API call that {@link CachedTokenAuthentication} authenticates and lets through from
 * the credential caches. The framework asks each filter whether it applies to a call once,
 * before the chain runs; answering there, rather than passing the call on from inside, also
 * spares the reactive machinery of an around filter.
 */
@Replaces(SecurityFilter.class)
@Filter("${micronaut.security.filter.pattern:/**}")
// The framework's filter lives in a package that micronaut.security.enabled=false switches off.
@Requires(property = "micronaut.security.enabled", notEquals = StringUtils.FALSE, defaultValue = StringUtils.TRUE)
@Requires(property = "micronaut.security.filter.enabled", notEquals = StringUtils.FALSE, defaultValue = StringUtils.TRUE)
@Requires(classes = HttpServerFilter.class)
public class ResourceSecurityFilter extends SecurityFilter implements ConditionalFilter {

    private final CachedTokenAuthentication cachedTokens;

    public ResourceSecurityFilter(Collection<SecurityRule<HttpRequest<?>>> securityRules,
                                  Collection<AuthenticationFetcher<HttpRequest<?>>> authenticationFetchers,
                                  SecurityConfiguration securityConfiguration, CachedTokenAuthentication cachedTokens) {
        super(securityRules, authenticationFetchers, securityConfiguration);
        this.cachedTokens = cachedTokens;
    }

    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return !cachedTokens.authenticated(request);
    }
}
