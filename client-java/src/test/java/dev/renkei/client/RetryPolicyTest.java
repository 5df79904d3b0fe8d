package dev.renkei.client;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    @Test
    void backoffCapDoublesUntilTheMaximum() {
        assertEquals(Duration.ofMillis(500), policy.backoffCap(1));
        assertEquals(Duration.ofMillis(1000), policy.backoffCap(2));
        assertEquals(Duration.ofMillis(4000), policy.backoffCap(4));
        assertEquals(Duration.ofSeconds(8), policy.backoffCap(5));
        assertEquals(Duration.ofSeconds(8), policy.backoffCap(9));
        assertEquals(Duration.ofSeconds(8), new RetryPolicy(100, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ZERO).backoffCap(99));
    }

    @Test
    void backoffWithoutRetryAfterIsAJitteredFractionOfTheCap() {
        assertEquals(Optional.of(Duration.ZERO), policy.delayBeforeRetry(3, Optional.empty(), () -> 0.0));
        assertEquals(Optional.of(Duration.ofMillis(1000)), policy.delayBeforeRetry(3, Optional.empty(), () -> 0.5));
        assertEquals(Optional.of(Duration.ofMillis(1500)), policy.delayBeforeRetry(3, Optional.empty(), () -> 0.75));
    }

    @Test
    void retryAfterWinsOverBackoff() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), policy.delayBeforeRetry(1, Optional.of(Duration.ofSeconds(7)), () -> 0.1));
    }

    @Test
    void retryAfterLongerThanTheMaximumIsNotWaitedFor() {
        assertEquals(Optional.empty(), policy.delayBeforeRetry(1, Optional.of(Duration.ofHours(5)), () -> 0.1));
    }

    @Test
    void noRetryOnceTheAttemptsAreUsedUp() {
        RetryPolicy three = policy.withMaxAttempts(3);
        assertTrue(three.delayBeforeRetry(2, Optional.empty(), () -> 0.1).isPresent());
        assertEquals(Optional.empty(), three.delayBeforeRetry(3, Optional.empty(), () -> 0.1));
        assertEquals(Optional.empty(), RetryPolicy.NONE.delayBeforeRetry(1, Optional.of(Duration.ZERO), () -> 0.1));
    }

    @Test
    void onlyIdempotentMethodsOrRequestsWithAnIdempotencyKeyAreRepeatable() {
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
        HttpHeaders keyed = HttpHeaders.of(Map.of("Idempotency-Key", List.of("k-1")), (a, b) -> true);
        for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS")) {
            assertTrue(RetryPolicy.isRepeatable(method, none), method);
        }
        assertFalse(RetryPolicy.isRepeatable("POST", none));
        assertFalse(RetryPolicy.isRepeatable("PATCH", none));
        assertTrue(RetryPolicy.isRepeatable("POST", keyed));
        assertTrue(RetryPolicy.isRepeatable("PATCH", keyed));
    }
}
