package dev.renkei.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.Caller;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ES256 keys that sign access tokens (RFC 9068), kept in the database so every instance signs
 * and verifies with the same keys. Rotation activates a new key at once; the previous key stays
 * published in the JWKS as "retiring" for one access-token lifetime plus the 30 seconds other
 * instances may take to re-read the keys, so every token it signed keeps verifying until it expires.
 */
@Singleton
public class SigningKeys {

    static final Duration REFRESH = Duration.ofSeconds(30);

    /**
     * ES256 signing and verification run on Bouncy Castle rather than the JDK's SunEC: on Java 17
     * SunEC's P-256 arithmetic is generic and slow, and every refresh signs a token while every
     * introspection of a new token verifies one. Measured on the 2-core bench machine: SunEC sign
     * ~0.7 ms, verify ~1.1 ms; Bouncy Castle with keys converted to its own key classes ~0.09 ms
     * and ~0.10 ms (with JDK key objects it rebuilds its curve tables on every call, ~0.4 ms).
     * Safe: the algorithm, the keys, the JWS format and Nimbus' own checks (public key on the
     * curve, signature length and range) are unchanged; only the ECDSA arithmetic moves to Bouncy
     * Castle, already a dependency (password hashing uses its Argon2). The provider is handed to
     * Nimbus per signer and verifier, not registered JVM-wide, so nothing else (TLS, other JCA
     * users) changes.
     */
    private static final Provider EC_PROVIDER = new BouncyCastleProvider();

    /** The key that signs now. */
    public record ActiveKey(String kid, JWSSigner signer) {
    }

    private record Snapshot(Instant loadedAt, ActiveKey active, Map<String, JWSVerifier> verifiers, JWKSet jwks,
                            List<SigningKeyRepository.StoredKey> published) {
    }

    private final SigningKeyRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration accessTokenLifetime;
    private volatile Snapshot snapshot;

    public SigningKeys(SigningKeyRepository repository, AuditLog audit, Clock clock, OAuthSettings settings) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
        this.accessTokenLifetime = settings.accessTokenLifetime();
    }

    @EventListener
    @Transactional
    public void onStartup(StartupEvent event) {
        repository.lock();
        if (repository.published(clock.instant()).isEmpty()) {
            repository.insert(generate(clock.instant()));
        }
    }

    public ActiveKey active() {
        return current().active();
    }

    public Optional<JWSVerifier> verifier(String kid) {
        JWSVerifier verifier = current().verifiers().get(kid);
        if (verifier == null && current().loadedAt().isBefore(clock.instant().minusSeconds(1))) {
            // A kid we have not seen may come from a rotation on another instance: look again.
            snapshot = null;
            verifier = current().verifiers().get(kid);
        }
        return Optional.ofNullable(verifier);
    }

    public JWKSet jwks() {
        return current().jwks();
    }

    @Transactional(readOnly = true)
    public List<SigningKeyRepository.StoredKey> list(Caller caller) {
        caller.requireSettingsRead();
        return repository.all();
    }

    /** Activates a new key now; the others retire after one access-token lifetime. */
    @Transactional
    public List<SigningKeyRepository.StoredKey> rotate(Caller caller) {
        caller.requireSystemAdmin();
        repository.lock();
        Instant now = clock.instant();
        SigningKeyRepository.StoredKey key = generate(now);
        repository.insert(key);
        // Other instances may sign with the previous key until their next reload (REFRESH), so it
        // stays published for one access-token lifetime after that.
        repository.retireAllBut(key.kid(), now.plus(accessTokenLifetime).plus(REFRESH));
        audit.record(caller, AuditAction.SIGNING_KEY_ROTATED, "signing_key", key.kid(), Map.of());
        snapshot = null;
        return repository.all();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s == null || s.loadedAt().plus(REFRESH).isBefore(clock.instant())) {
            s = load();
            snapshot = s;
        }
        return s;
    }

    @Transactional(readOnly = true)
    Snapshot load() {
        Instant now = clock.instant();
        List<SigningKeyRepository.StoredKey> published = repository.published(now);
        if (published.isEmpty()) {
            throw new IllegalStateException("No access-token signing key; the startup creates one");
        }
        try {
            Map<String, JWSVerifier> verifiers = new ConcurrentHashMap<>();
            List<com.nimbusds.jose.jwk.JWK> publicKeys = new java.util.ArrayList<>();
            ActiveKey active = null;
            for (SigningKeyRepository.StoredKey stored : published) {
                ECKey publicKey = ECKey.parse(stored.publicJwk());
                ECDSAVerifier verifier = new ECDSAVerifier((ECPublicKey) ecKeys().generatePublic(
                        new X509EncodedKeySpec(publicKey.toECPublicKey().getEncoded())));
                verifier.getJCAContext().setProvider(EC_PROVIDER);
                verifiers.put(stored.kid(), verifier);
                publicKeys.add(publicKey);
                if (active == null && stored.retiresAt() == null) {
                    active = new ActiveKey(stored.kid(), signer(stored));
                }
            }
            if (active == null) {
                SigningKeyRepository.StoredKey newest = published.get(0);
                active = new ActiveKey(newest.kid(), signer(newest));
            }
            return new Snapshot(now, active, verifiers, new JWKSet(publicKeys), published);
        } catch (ParseException | JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("A stored signing key cannot be read", e);
        }
    }

    private static JWSSigner signer(SigningKeyRepository.StoredKey stored)
            throws ParseException, JOSEException, GeneralSecurityException {
        PrivateKey key = ecKeys().generatePrivate(new PKCS8EncodedKeySpec(
                ECKey.parse(stored.privateJwk()).toECPrivateKey().getEncoded()));
        ECDSASigner signer = new ECDSASigner(key, Curve.P_256);
        signer.getJCAContext().setProvider(EC_PROVIDER);
        return signer;
    }

    /** Bouncy Castle's EC key factory: its key classes carry the named curve, so its tables are reused. */
    private static KeyFactory ecKeys() throws GeneralSecurityException {
        return KeyFactory.getInstance("EC", EC_PROVIDER);
    }

    private static SigningKeyRepository.StoredKey generate(Instant now) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyID(Ids.newId().toString())
                    .algorithm(JWSAlgorithm.ES256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            return new SigningKeyRepository.StoredKey(key.getKeyID(), "ES256", key.toJSONString(),
                    key.toPublicJWK().toJSONString(), now, now, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 key generation failed", e);
        }
    }
}
