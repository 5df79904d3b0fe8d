package dev.renkei.server.shared.security;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC key for session JWTs. A configured {@code RENKEI_JWT_SECRET} lets several instances
 * share sessions; without one, a random key per process means sessions end at restart, which is
 * the safe default for a demo and never a shared secret committed to the repository.
 */
@Factory
public class SessionSigningConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSigningConfiguration.class);

    @Singleton
    @Named("generator")
    SecretSignatureConfiguration sessionSignature(@Value("${renkei.session.jwt-secret:}") String configured) {
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("generator");
        String secret = configured;
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            secret = Base64.getEncoder().encodeToString(random);
            LOG.info("RENKEI_JWT_SECRET is not set: sessions are signed with a per-process random key");
        } else if (secret.length() < 32) {
            throw new IllegalStateException("RENKEI_JWT_SECRET must have at least 32 characters");
        }
        configuration.setSecret(secret);
        return configuration;
    }
}
