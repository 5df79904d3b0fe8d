package dev.renkei.server.resource;

import dev.renkei.server.support.IntegrationTest;

import java.util.HashMap;
import java.util.Map;

/**
 * Base of the Resource API integration tests: a fresh database with the demo data of every
 * family, and a static token (a picked-up personal API token) to call with. The burst limit is
 * raised so that tests of behaviour are not cut by it; the limit tests set it back to 5.
 */
public abstract class ResourceApiTest extends IntegrationTest {

    private String staticToken;

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("renkei.rate-limits.burst-calls", "100000");
        properties.putAll(resourceProperties());
        return properties;
    }

    /** Overridden by tests that need other limits or settings. */
    protected Map<String, String> resourceProperties() {
        return Map.of();
    }

    /** A static token of a fresh account without roles: every read and write scope of the field-service families. */
    protected String staticToken() {
        if (staticToken == null) {
            String loginId = uniqueLoginId("batch");
            String accountId = createAccount(loginId, "batch-password-2026");
            staticToken = pickUp(signIn(loginId, "batch-password-2026"), issueToken(accountId));
        }
        return staticToken;
    }
}
