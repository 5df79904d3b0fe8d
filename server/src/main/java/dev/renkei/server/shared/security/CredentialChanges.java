package dev.renkei.server.shared.security;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter that moves forward whenever this instance writes a change that can end a
 * credential's validity: a token, family or consent revoked, a program changed, disabled,
 * deleted or given a new secret, an account locked or deleted. {@link CredentialStateCache}
 * entries remember the value they were read under and are ignored once it has moved, so such a
 * change takes effect on this instance at once; other instances see it when their entries
 * expire.
 *
 * <p>It moves when the change is written and again when its transaction ends: a reader that
 * loaded the old state while the change was not yet committed started under the first value
 * and cannot store what it read under the last one.
 */
@Singleton
public class CredentialChanges {

    private final AtomicLong epoch = new AtomicLong();
    private final TransactionOperations<Connection> transactions;

    public CredentialChanges(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** The current value; read it before loading what a cache will keep. */
    public long epoch() {
        return epoch.get();
    }

    /** Called by every statement that may end a credential's validity, inside its transaction. */
    public void changed() {
        epoch.incrementAndGet();
        transactions.findTransactionStatus().ifPresent(status -> status.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(Status completion) {
                epoch.incrementAndGet();
            }
        }));
    }
}
