package dev.renkei.server.resource.access;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.security.event.TokenValidatedEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An application that listens to the framework's {@link TokenValidatedEvent} (to audit token use,
 * say) hears of every authenticated Resource API call, whether the token was decided by the
 * framework's chain or by the security filter's cached path.
 */
@MicronautTest(transactional = false)
class TokenValidatedEventIT extends IntegrationTest {

    @Inject
    Recorder recorder;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("test.token-validated-recorder", "true");
    }

    @Test
    void resourceCallWhenTokenCachedOrNotThenEveryValidationAnnounced() {
        String loginId = uniqueLoginId("events");
        String accountId = createAccount(loginId, "events-password-2026");
        String token = pickUp(signIn(loginId, "events-password-2026"), issueToken(accountId));

        for (int call = 1; call <= 3; call++) {
            Http.Response response = http.get("/v1/resources/spots?limit=1", token);
            assertEquals(200, response.status(), response::toString);
        }
        assertEquals(List.of(token, token, token), recorder.tokens.stream().filter(token::equals).toList(),
                "the first call reads the database, the next two come from the cache");
    }

    @Singleton
    @Requires(property = "test.token-validated-recorder", value = "true")
    static class Recorder implements ApplicationEventListener<TokenValidatedEvent> {
        final List<String> tokens = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(TokenValidatedEvent event) {
            tokens.add(String.valueOf(event.getSource()));
        }
    }
}
