package dev.renkei.server.program;

import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A demo partner program with documented credentials (README), registered when no program
 * exists yet, so the consent journey can be tried with curl or any OAuth client at once.
 */
@Singleton
@Requires(property = "renkei.demo-data.enabled", value = "true", defaultValue = "true")
public class DemoPrograms {

    public static final String CLIENT_ID = "rnk_ci_demokakeibo000000001";
    public static final String CLIENT_SECRET = SecretTokens.withChecksum(PartnerProgramService.SECRET_PREFIX,
            "DemoKakeiboSecret000000000000001");
    public static final List<String> REDIRECT_URIS = List.of("http://localhost:8081/callback", "http://127.0.0.1:8081/callback");

    private static final Logger LOG = LoggerFactory.getLogger(DemoPrograms.class);

    private final PartnerProgramRepository programs;
    private final Clock clock;

    public DemoPrograms(PartnerProgramRepository programs, Clock clock) {
        this.programs = programs;
        this.clock = clock;
    }

    @EventListener
    @Transactional
    public void onStartup(StartupEvent event) {
        registerOnEmptyDatabase();
    }

    /**
     * Registers the demo program when no program exists yet. Other startup registrations (Swagger
     * UI's built-in program) call this first, so the demo program is always the oldest.
     */
    @Transactional
    public void registerOnEmptyDatabase() {
        if (programs.findByClientId(CLIENT_ID).isPresent() || !programs.list(null, null, 1).isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        programs.insert(new PartnerProgram(Ids.newId(), CLIENT_ID, "デモ家計簿アプリ", "Renkei デモ株式会社",
                PartnerProgram.ClientType.CONFIDENTIAL, SecretTokens.sha256(CLIENT_SECRET), now, REDIRECT_URIS,
                List.of(Scopes.ACCOUNTS_READ, Scopes.TRANSACTIONS_READ), 100_000, false, true, null, now, now));
        LOG.info("Demo partner program registered: client_id {} (secret in README)", CLIENT_ID);
    }
}
