package dev.renkei.server.swaggerui;

import dev.renkei.server.oauth.OAuthSettings;
import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.program.DemoPrograms;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.shared.db.Ids;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The built-in <em>public</em> partner program behind Swagger UI's "Authorize" button: no secret,
 * authorization code with PKCE S256 only (RFC 6749 §2.1, RFC 7636), redirect URI
 * {@code <public-base-url>/swagger-ui/oauth2-redirect.html}, every scope of the Resource API. A
 * partner developer signs in through the consent journey and tries calls with a real access
 * token, exactly as their own program will.
 * <p>
 * Registered at startup, with or without demo data. Its redirect URI and scopes are set again
 * at every start from the configuration and the contract, so a changed public base URL or a new
 * scope needs no manual step. Otherwise it is a program like any other: an administrator may
 * disable it (that stays), or delete it (never re-created; a new
 * {@code renkei.swagger-ui.client-id} registers a fresh one).
 */
@Singleton
@Requires(property = "renkei.swagger-ui.enabled", notEquals = "false")
public class SwaggerUiProgram {

    private static final Logger LOG = LoggerFactory.getLogger(SwaggerUiProgram.class);

    private final PartnerProgramRepository programs;
    private final SwaggerUiSettings settings;
    private final String redirectUri;
    private final Clock clock;
    @Nullable
    private final DemoPrograms demoPrograms;

    public SwaggerUiProgram(PartnerProgramRepository programs, SwaggerUiSettings settings, OAuthSettings oauth, Clock clock,
                            @Nullable DemoPrograms demoPrograms) {
        this.programs = programs;
        this.settings = settings;
        this.redirectUri = oauth.issuer() + SwaggerUiSettings.REDIRECT_PATH;
        this.clock = clock;
        this.demoPrograms = demoPrograms;
    }

    /** The scopes the built-in program may ask for: every scope the contract defines. */
    public static List<String> scopes() {
        return Scopes.all();
    }

    @EventListener
    @Transactional
    public void onStartup(StartupEvent event) {
        if (demoPrograms != null) {
            // On an empty database the demo program comes first, so it stays the installation's
            // oldest program whichever startup listener runs first.
            demoPrograms.registerOnEmptyDatabase();
        }
        Optional<PartnerProgram> existing = programs.findByClientId(settings.getClientId());
        Instant now = clock.instant();
        if (existing.isEmpty()) {
            programs.insert(new PartnerProgram(Ids.newId(), settings.getClientId(), "Swagger UI", "Renkei",
                    PartnerProgram.ClientType.PUBLIC, null, null, List.of(redirectUri), scopes(), 100_000, false, true,
                    null, now, now));
            LOG.info("Swagger UI's public partner program registered: client_id {}, redirect URI {}",
                    settings.getClientId(), redirectUri);
            return;
        }
        PartnerProgram program = existing.get();
        if (program.deletedAt() != null || program.clientType() != PartnerProgram.ClientType.PUBLIC) {
            LOG.warn("client_id {} is not a live public program (deleted by an administrator?): Swagger UI's "
                    + "OAuth Authorize will fail; set renkei.swagger-ui.client-id to register a new one", settings.getClientId());
            return;
        }
        if (!program.redirectUris().equals(List.of(redirectUri)) || !program.allowedScopes().equals(scopes())) {
            programs.update(new PartnerProgram(program.id(), program.clientId(), program.name(), program.companyName(),
                    program.clientType(), null, null, List.of(redirectUri), scopes(), program.dailyQuota(),
                    program.requirePar(), program.enabled(), null, program.createdAt(), now));
            LOG.info("Swagger UI's program {} now redirects to {}", program.clientId(), redirectUri);
        }
    }
}
