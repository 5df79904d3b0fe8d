package dev.renkei.server.consent;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JourneySecretsTest {

    private static final String JOURNEY = "IgLN4jgviBlTQZKXxTbN08coytkTQdDv";
    private static final String REDIRECT = "https://app.example.com/cb?code=rnk_ac_secret&state=s&iss=x";

    @Test
    void openWhenSameSessionAndJourneyThenSealedValueBack() {
        String session = JourneySecrets.newSession();
        byte[] sealed = JourneySecrets.seal(session, JOURNEY, REDIRECT);

        assertEquals(Optional.of(REDIRECT), JourneySecrets.open(session, JOURNEY, sealed));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("rnk_ac_secret"));
        assertNotEquals(new String(sealed, StandardCharsets.ISO_8859_1),
                new String(JourneySecrets.seal(session, JOURNEY, REDIRECT), StandardCharsets.ISO_8859_1),
                "a fresh IV every time");
    }

    @Test
    void openWhenOtherSessionOtherJourneyOrTamperedThenEmpty() {
        String session = JourneySecrets.newSession();
        byte[] sealed = JourneySecrets.seal(session, JOURNEY, REDIRECT);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;

        assertEquals(Optional.empty(), JourneySecrets.open(JourneySecrets.newSession(), JOURNEY, sealed));
        assertEquals(Optional.empty(), JourneySecrets.open(session, JOURNEY + "x", sealed));
        assertEquals(Optional.empty(), JourneySecrets.open(session, JOURNEY, tampered));
        assertEquals(Optional.empty(), JourneySecrets.open(null, JOURNEY, sealed));
        assertEquals(Optional.empty(), JourneySecrets.open(session, JOURNEY, null));
    }

    @Test
    void tokensWhenGeneratedThenUrlSafeAndLongEnough() {
        assertTrue(JourneySecrets.newCsrfToken().matches("[A-Za-z0-9_-]{32}"));
        assertTrue(JourneySecrets.newSession().matches("[A-Za-z0-9_-]{43}"));
        String csrf = JourneySecrets.newCsrfToken();
        assertTrue(JourneySecrets.csrfMatches(csrf, csrf));
        assertFalse(JourneySecrets.csrfMatches(csrf, csrf + "x"));
        assertFalse(JourneySecrets.csrfMatches(csrf, null));
        String session = JourneySecrets.newSession();
        assertTrue(JourneySecrets.sessionMatches(JourneySecrets.hash(session), session));
        assertFalse(JourneySecrets.sessionMatches(JourneySecrets.hash(session), null));
        assertFalse(JourneySecrets.sessionMatches(null, session));
    }

    @Test
    void escapeWhenMarkupThenInert() {
        assertEquals("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;", Html.escape("<a href=\"x\" onclick='y'>&"));
    }

    @Test
    void parseWhenRepeatedAndEncodedNamesThenAllValuesInOrder() {
        Map<String, List<String>> form = JourneyPageController.parse(
                "scope=accounts%3Aread&scope=transactions%3Aread&login_id=%E5%B1%B1&empty=&bad=%zz&flag");
        assertEquals(List.of("accounts:read", "transactions:read"), form.get("scope"));
        assertEquals(List.of("山"), form.get("login_id"));
        assertEquals(List.of(""), form.get("empty"));
        assertEquals(List.of(""), form.get("flag"));
        assertFalse(form.containsKey("bad"));
    }
}
