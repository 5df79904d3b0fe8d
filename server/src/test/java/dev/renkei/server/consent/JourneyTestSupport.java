package dev.renkei.server.consent;

import dev.renkei.server.oauth.OAuthSettings;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.PasswordHasher;
import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fixtures for journey and consent tests: partner programs and journeys inserted as the
 * authorization endpoint would create them, customers with bank accounts, and a small client
 * that walks the JSON journey API with the session cookie and the CSRF token.
 */
abstract class JourneyTestSupport extends IntegrationTest {

    static final String CUSTOMER_PASSWORD = "customer-password-1";
    static final String PIN = "1234";
    static final String WRONG_PIN = "9999";
    static final String REDIRECT_URI = "https://app.example.com/callback";
    static final String STATE = "af0ifjsldkj";

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    TransactionOperations<Connection> tx;
    @Inject
    PartnerProgramRepository programs;
    @Inject
    JourneyRepository journeys;
    @Inject
    BankAccountRepository bankAccounts;
    @Inject
    PasswordHasher hasher;
    @Inject
    OAuthSettings oauth;

    // One PIN hash for every fixture account: Argon2 is slow on purpose.
    private String pinHash;

    /** A customer: account ID, login ID and bank accounts by number. */
    record Customer(String id, String loginId, Map<String, UUID> accounts) {

        UUID account(String number) {
            return accounts.get(number);
        }
    }

    PartnerProgram program(String name, String... scopes) {
        Instant now = clock.instant();
        PartnerProgram program = new PartnerProgram(Ids.newId(), "rnk_ci_" + random(20), name, "株式会社テスト",
                PartnerProgram.ClientType.PUBLIC, null, null, List.of(REDIRECT_URI), List.of(scopes), 100_000,
                false, true, null, now, now);
        tx.executeWrite(status -> {
            programs.insert(program);
            return null;
        });
        return program;
    }

    /** A journey at step login, as GET /oauth2/authorize creates it; returns its ID. */
    String journey(PartnerProgram program, String... scopes) {
        Instant now = clock.instant();
        String id = random(32);
        Journey journey = new Journey(id, program.id(), REDIRECT_URI, STATE, List.of(scopes), null,
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Journey.Step.LOGIN, null, random(32), List.of(), Map.of(),
                now, now.plus(oauth.journeyLifetime()), null);
        tx.executeWrite(status -> {
            journeys.insert(journey);
            return null;
        });
        return id;
    }

    /**
     * A customer with bank accounts; each number is registered for API use when it ends with
     * "*" ("2222222*"). Branch 001 unless given as "202-1111111".
     */
    Customer customer(String prefix, String... numbers) {
        String loginId = uniqueLoginId(prefix);
        String id = createAccount(loginId, CUSTOMER_PASSWORD);
        Map<String, UUID> created = new HashMap<>();
        if (pinHash == null) {
            pinHash = hasher.hash(PIN);
        }
        Instant now = clock.instant();
        tx.executeWrite(status -> {
            for (String spec : numbers) {
                boolean registered = spec.endsWith("*");
                String plain = registered ? spec.substring(0, spec.length() - 1) : spec;
                String branch = plain.contains("-") ? plain.substring(0, 3) : "001";
                String number = plain.contains("-") ? plain.substring(4) : plain;
                UUID accountId = Ids.newId();
                bankAccounts.insert(new BankAccount(accountId, UUID.fromString(id), "インターネット支店", branch,
                        BankAccount.Type.ORDINARY, number, "口座名義 " + number, "メモ " + number, pinHash, 10_000,
                        registered ? now : null, now));
                created.put(number, accountId);
            }
            return null;
        });
        return new Customer(id, loginId, created);
    }

    JourneyClient client(String journeyId) {
        return new JourneyClient(http, journeyId);
    }

    static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return out.toString();
    }

    static Map<String, Object> entry(UUID accountId, String pin) {
        return Map.of("account_id", accountId.toString(), "pin", pin);
    }

    /**
     * A browser's side of the JSON journey API: it keeps the journey session cookie and the
     * latest CSRF token, as the pages' script would.
     */
    static final class JourneyClient {

        final Http http;
        final String id;
        String csrf;
        String session;

        JourneyClient(Http http, String id) {
            this.http = http;
            this.id = id;
        }

        String path(String suffix) {
            return "/v1/authorization-journeys/" + id + suffix;
        }

        Map<String, String> headers() {
            Map<String, String> headers = new HashMap<>();
            if (csrf != null) {
                headers.put("X-CSRF-Token", csrf);
            }
            if (session != null) {
                headers.put("Cookie", JourneyCookies.NAME + "=" + session);
            }
            return headers;
        }

        Http.Response get() {
            Http.Response response = http.send("GET", path(""), null, null, headers());
            if (response.status() == 200) {
                csrf = response.str("csrf_token");
            }
            return response;
        }

        Http.Response post(String suffix, Object body) {
            return http.send("POST", path(suffix), null, body, headers());
        }

        /** Reads the journey for its CSRF token, then logs in; keeps the cookie on success. */
        Http.Response login(String loginId, String password) {
            if (csrf == null) {
                assertEquals(200, get().status());
            }
            Http.Response response = post("/login", Map.of("login_id", loginId, "password", password));
            if (response.status() == 200) {
                String cookie = response.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith(JourneyCookies.NAME + "=")).findFirst().orElse(null);
                assertNotNull(cookie, "login sets the journey session cookie");
                session = cookie.substring(JourneyCookies.NAME.length() + 1, cookie.indexOf(';'));
                csrf = response.str("csrf_token");
            }
            return response;
        }

        Http.Response select(String... scopes) {
            return post("/services", Map.of("scopes", List.of(scopes)));
        }

        @SafeVarargs
        final Http.Response pins(Map<String, Object>... entries) {
            return post("/pins", Map.of("entries", List.of(entries)));
        }

        Http.Response addMore() {
            return post("/pins/add-more", null);
        }

        Http.Response confirm() {
            return post("/pins/confirm", null);
        }

        Http.Response decide(String decision) {
            return post("/decision", Map.of("decision", decision));
        }
    }
}
