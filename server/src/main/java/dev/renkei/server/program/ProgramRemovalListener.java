package dev.renkei.server.program;

import java.time.Instant;
import java.util.UUID;

/** Told when a program is deleted, so what hangs off it (consents, tokens) ends with it. */
public interface ProgramRemovalListener {

    void programRemoved(UUID programId, Instant now);
}
