package dev.renkei.server.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * High-entropy secrets in the format secret scanners recognise (as GitHub's tokens):
 * {@code <prefix><32 base62 random chars><6 base62 chars of CRC32 of the random part>}.
 * 32 base62 characters carry 190 random bits. Only the SHA-256 of the whole string is stored;
 * a slow hash adds nothing for secrets of this entropy and would slow every authenticated call.
 */
public final class SecretTokens {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 32;
    private static final int CHECKSUM_CHARS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Never updated: only cloned. */
    private static final MessageDigest SHA_256 = newSha256();

    private SecretTokens() {
    }

    public static String generate(String prefix) {
        String random = randomBase62(RANDOM_CHARS);
        return prefix + random + checksum(random);
    }

    /** A token with a chosen random part (demo data with documented credentials), checksum added. */
    public static String withChecksum(String prefix, String randomPart) {
        if (randomPart.length() != RANDOM_CHARS || !randomPart.chars().allMatch(c -> isBase62((char) c))) {
            throw new IllegalArgumentException("the random part must be " + RANDOM_CHARS + " base62 characters");
        }
        return prefix + randomPart + checksum(randomPart);
    }

    /** Random base62 characters (5.95 bits each), for unguessable ids without a checksum. */
    public static String randomBase62(int length) {
        StringBuilder random = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            random.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return random.toString();
    }

    /** True when the string has the prefix, the length and a matching checksum: cheap to reject junk. */
    public static boolean isWellFormed(String prefix, String token) {
        if (token == null || !token.startsWith(prefix) || token.length() != prefix.length() + RANDOM_CHARS + CHECKSUM_CHARS) {
            return false;
        }
        String body = token.substring(prefix.length(), prefix.length() + RANDOM_CHARS);
        for (int i = 0; i < body.length(); i++) {
            if (!isBase62(body.charAt(i))) {
                return false;
            }
        }
        return checksum(body).equals(token.substring(prefix.length() + RANDOM_CHARS));
    }

    public static byte[] sha256(String secret) {
        try {
            // Cloning a fresh digest skips the provider lookup, most of the cost on every authenticated call.
            MessageDigest digest = (MessageDigest) SHA_256.clone();
            return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JRE's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    private static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
