package dev.renkei.server.resource.bank;

import dev.renkei.server.resource.access.ResourceCaller;
import dev.renkei.server.resource.access.ResourceCallers;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * The {@link ConsentedAccounts} of the current request: the customer and consent behind its
 * OAuth access token. A static token carries no consent, so it can never read a bank account
 * (the access filter refuses it the scope already; this holds even if that rule changed).
 */
@Singleton
public class BankCallerProvider {

    private record Caller(UUID customerAccountId, UUID consentId) implements ConsentedAccounts {
    }

    private final ResourceCallers callers;

    public BankCallerProvider(ResourceCallers callers) {
        this.callers = callers;
    }

    public ConsentedAccounts current() {
        ResourceCaller caller = callers.current();
        if (caller.kind() != ResourceCaller.Kind.ACCESS_TOKEN || caller.consentId() == null) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The bank inquiries need an OAuth access token issued with the customer's consent");
        }
        return new Caller(caller.accountId(), caller.consentId());
    }
}
