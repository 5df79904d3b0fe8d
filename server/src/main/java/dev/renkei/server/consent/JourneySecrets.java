package dev.renkei.server.consent;

import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.core.annotation.Nullable;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The journey's browser secrets: the CSRF token, the session cookie (stored only as SHA-256) and
 * the sealing of the authorization response under that cookie. Comparisons are constant-time.
 */
final class JourneySecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] KEY_LABEL = "renkei journey redirect v1\0".getBytes(StandardCharsets.UTF_8);

    private JourneySecrets() {
    }

    /** 192 random bits, 32 base64url characters. */
    static String newCsrfToken() {
        return random(24);
    }

    /** 256 random bits, 43 base64url characters: the value of the journey session cookie. */
    static String newSession() {
        return random(32);
    }

    static byte[] hash(String session) {
        return SecretTokens.sha256(session);
    }

    static boolean sessionMatches(@Nullable byte[] storedHash, @Nullable String presented) {
        return storedHash != null && presented != null && MessageDigest.isEqual(storedHash, hash(presented));
    }

    static boolean csrfMatches(String expected, @Nullable String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * AES-256-GCM under a key derived from the session cookie, bound to the journey id. Only the
     * browser holding the cookie can have the sealed value opened again.
     */
    static byte[] seal(String session, String journeyId, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, session, journeyId, iv);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    static Optional<String> open(@Nullable String session, String journeyId, @Nullable byte[] sealed) {
        if (session == null || sealed == null || sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        byte[] iv = java.util.Arrays.copyOf(sealed, IV_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, session, journeyId, iv);
            byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    private static Cipher cipher(int mode, String session, String journeyId, byte[] iv) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(KEY_LABEL);
        byte[] key = sha.digest(session.getBytes(StandardCharsets.UTF_8));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(journeyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return B64URL.encodeToString(value);
    }
}
