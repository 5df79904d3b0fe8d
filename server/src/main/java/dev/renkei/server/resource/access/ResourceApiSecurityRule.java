package dev.renkei.server.resource.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Every Resource API operation needs an authenticated caller; which kind of token, which scope
 * and the limits are then decided by {@link ResourceAccessFilter}. Unauthenticated, the call is
 * rejected (a 401 with its challenge). This is what an {@code intercept-url-map} entry for
 * {@code /v1/resources/**} would say, without matching an Ant pattern on every call of the
 * busiest API. It runs after the IP-pattern and {@code @Secured} rules, so neither is bypassed.
 */
@Singleton
public class ResourceApiSecurityRule implements SecurityRule<HttpRequest<?>> {

    /** After {@link SecuredAnnotationRule}, before the intercept-url-map rule. */
    public static final int ORDER = SecuredAnnotationRule.ORDER + 50;
    private static final String ROOT = ResourceScopes.PREFIX.substring(0, ResourceScopes.PREFIX.length() - 1);

    private static final Publisher<SecurityRuleResult> ALLOWED = Publishers.just(SecurityRuleResult.ALLOWED);
    private static final Publisher<SecurityRuleResult> REJECTED = Publishers.just(SecurityRuleResult.REJECTED);
    private static final Publisher<SecurityRuleResult> UNKNOWN = Publishers.just(SecurityRuleResult.UNKNOWN);

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        if (request == null || !isResourcePath(request.getPath())) {
            return UNKNOWN;
        }
        return authentication == null ? REJECTED : ALLOWED;
    }

    static boolean isResourcePath(String path) {
        return path.startsWith(ResourceScopes.PREFIX) || path.equals(ROOT);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
