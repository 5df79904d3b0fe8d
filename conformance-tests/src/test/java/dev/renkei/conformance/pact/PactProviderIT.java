package dev.renkei.conformance.pact;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import dev.renkei.conformance.client.PartnerFixtures;
import dev.renkei.conformance.support.RenkeiServer;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Verifies the Java client's Pact contracts (written by client-java's consumer tests to
 * {@code client-java/target/pacts}) against the real server, started in-process over a fresh
 * database. One subclass per provider: {@link TokenIssuancePactProviderIT},
 * {@link AuthorizationPactProviderIT}, {@link ResourcesPactProviderIT}; each sets up its provider
 * states through the real APIs.
 *
 * <p>Values that differ per run reach the requests in two ways: provider-state injection
 * ({@code fromProviderState}: path, headers) from the map a {@code @State} method returns, and,
 * for form-encoded bodies (the OAuth token endpoint), where Pact has no injection, a
 * substitution of the named form parameters just before the request is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PactProviderIT {

    protected RenkeiServer server;
    protected PartnerFixtures fixtures;
    /** Form parameters to replace in the next request: name → this run's real value. */
    private final Map<String, String> formValues = new HashMap<>();

    /** @return the server's configuration overrides; none by default */
    protected Map<String, Object> serverProperties() {
        return Map.of();
    }

    @BeforeAll
    void startServer() {
        server = RenkeiServer.start(serverProperties());
        fixtures = new PartnerFixtures(server.baseUri());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void target(PactVerificationContext context) {
        formValues.clear();
        // Pact's own HTTP client would honour the 429's Retry-After (hours, for the daily quota)
        // and resend; the contract is about that first answer, so it must not retry.
        context.setTarget(new HttpTestTarget(server.baseUri().getHost(), server.baseUri().getPort(), "/",
                () -> provider -> HttpClients.custom().disableAutomaticRetries().build()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void verifyInteraction(PactVerificationContext context, HttpRequest request) throws Exception {
        substituteFormValues(request);
        context.verifyInteraction();
    }

    /** The next request's form parameter {@code name} gets this run's {@code value}. */
    protected void useInForm(String name, String value) {
        formValues.put(name, value);
    }

    private void substituteFormValues(HttpRequest request) throws Exception {
        if (formValues.isEmpty() || !(request instanceof ClassicHttpRequest classic) || classic.getEntity() == null) {
            return;
        }
        HttpEntity entity = classic.getEntity();
        String form = EntityUtils.toString(entity, StandardCharsets.UTF_8);
        String replaced = java.util.Arrays.stream(form.split("&")).map(pair -> {
            String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            String value = formValues.get(name);
            return value == null ? pair : URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        }).collect(Collectors.joining("&"));
        classic.setEntity(new StringEntity(replaced, ContentType.APPLICATION_FORM_URLENCODED));
    }
}
