package dev.renkei.server.consent;

import dev.renkei.server.program.ProgramRemovalListener;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.UUID;

/** A deleted program's consents end with it, and every token they produced. */
@Singleton
public class ConsentsOnProgramRemoval implements ProgramRemovalListener {

    private final ConsentRepository consents;

    public ConsentsOnProgramRemoval(ConsentRepository consents) {
        this.consents = consents;
    }

    @Override
    public void programRemoved(UUID programId, Instant now) {
        consents.revokeAllOfProgram(programId, now);
    }
}
