package dev.renkei.server.resource.bank;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.utils.SecurityService;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link ConsentedAccounts} of the current request, from the attributes the resource access
 * filter puts on an authenticated OAuth access token. A static token or a session carries no
 * consent, so it can never read a bank account.
 */
@Singleton
public class BankCallerProvider {

    /** Authentication attribute: the customer's account id. */
    public static final String ACCOUNT_ID = "renkei.resource.account_id";
    /** Authentication attribute: the consent the access token was issued under. */
    public static final String CONSENT_ID = "renkei.resource.consent_id";

    private record Caller(UUID customerAccountId, UUID consentId) implements ConsentedAccounts {
    }

    private final SecurityService security;

    public BankCallerProvider(SecurityService security) {
        this.security = security;
    }

    public ConsentedAccounts current() {
        Map<String, Object> attributes = security.getAuthentication().map(Authentication::getAttributes).orElse(Map.of());
        Optional<UUID> account = uuid(attributes.get(ACCOUNT_ID));
        Optional<UUID> consent = uuid(attributes.get(CONSENT_ID));
        if (account.isEmpty() || consent.isEmpty()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The bank inquiries need an OAuth access token issued with the customer's consent");
        }
        return new Caller(account.get(), consent.get());
    }

    // Attributes may have been through a JSON round trip (a JWT claim) and come back as text.
    private static Optional<UUID> uuid(Object value) {
        if (value instanceof UUID id) {
            return Optional.of(id);
        }
        if (value instanceof CharSequence text) {
            try {
                return Optional.of(UUID.fromString(text.toString()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
