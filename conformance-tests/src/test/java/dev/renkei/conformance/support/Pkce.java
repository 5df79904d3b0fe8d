package dev.renkei.conformance.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** A fresh PKCE verifier and its S256 challenge (RFC 7636 §4.1–4.2). */
public final class Pkce {

    private static final SecureRandom RANDOM = new SecureRandom();

    public final String verifier;
    public final String challenge;

    public Pkce() throws NoSuchAlgorithmException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
