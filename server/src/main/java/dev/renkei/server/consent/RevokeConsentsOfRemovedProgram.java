package dev.renkei.server.consent;

import dev.renkei.server.program.ProgramRemovalListener;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.UUID;

/** A deleted program keeps no consent and no working token. */
@Singleton
class RevokeConsentsOfRemovedProgram implements ProgramRemovalListener {

    private final ConsentRepository consents;

    RevokeConsentsOfRemovedProgram(ConsentRepository consents) {
        this.consents = consents;
    }

    @Override
    public void programRemoved(UUID programId, Instant now) {
        consents.revokeAllOfProgram(programId, now);
    }
}
