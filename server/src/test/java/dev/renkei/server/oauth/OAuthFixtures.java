package dev.renkei.server.oauth;

import dev.renkei.server.consent.Consent;
import dev.renkei.server.consent.ConsentRepository;
import dev.renkei.server.consent.Journey;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the end of a permitted consent journey does, without the journey pages: a consent is
 * stored and an authorization code issued for it. The journey itself is tested elsewhere; the
 * OAuth tests only need its result.
 */
@Singleton
public class OAuthFixtures {

    /** The consent and the redirect the browser would follow back to the program. */
    public record Permitted(UUID consentId, String location) {
    }

    private final PartnerProgramRepository programs;
    private final ConsentRepository consents;
    private final AuthorizationCodes codes;
    private final TokenService tokens;
    private final Clock clock;

    public OAuthFixtures(PartnerProgramRepository programs, ConsentRepository consents, AuthorizationCodes codes,
                         TokenService tokens, Clock clock) {
        this.programs = programs;
        this.consents = consents;
        this.codes = codes;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Transactional
    public Permitted permit(String clientId, UUID accountId, List<String> scopes, String redirectUri, String state,
                            String codeChallenge) {
        PartnerProgram program = programs.findByClientId(clientId).orElseThrow();
        Instant now = clock.instant();
        Consent consent = new Consent(Ids.newId(), accountId, program.id(), scopes, List.of(), now, null, null);
        // As the journey does: a customer has one active consent per program; permitting again ends the earlier one.
        consents.findActive(accountId, program.id()).forEach(earlier -> consents.revoke(earlier.id(), now));
        consents.insert(consent);
        Journey journey = new Journey(SecretTokens.randomBase62(32), program.id(), redirectUri, state, scopes, null,
                codeChallenge, Journey.Step.CONSENT, accountId, SecretTokens.randomBase62(32), List.of(), Map.of(), now,
                now.plus(Duration.ofMinutes(10)), null);
        return new Permitted(consent.id(), codes.issue(journey, consent));
    }

    @Transactional
    public void revokeConsent(UUID consentId) {
        consents.revoke(consentId, clock.instant());
    }

    /**
     * Whether the server itself holds the token active for its program, as the resource API asks:
     * over HTTP a disabled or deleted program cannot even authenticate to introspect.
     */
    @Transactional
    public boolean activeForServer(String clientId, String token) {
        return tokens.introspect(programs.findByClientId(clientId).orElseThrow(), token).active();
    }
}
