package dev.renkei.server.consent;

import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consent journey's HTML pages driven as a browser without script drives them: GET a page,
 * post its form, follow the 303. Wording of seed 002, post-redirect-get, security headers.
 */
@MicronautTest(transactional = false)
class JourneyPagesIT extends JourneyTestSupport {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    /** A cookie-keeping browser that never follows redirects, so each 303 can be checked. */
    private final class Browser {

        final String journeyId;
        final Map<String, String> headers = new HashMap<>();
        String session;

        Browser(String journeyId) {
            this.journeyId = journeyId;
        }

        String page(String step) {
            return "/consent/" + journeyId + "/" + step;
        }

        Http.Response get(String path) {
            return http.send("GET", path, null, null, withCookie(Map.of()));
        }

        Http.Response post(String path, String... nameValuePairs) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                pairs.add(URLEncoder.encode(nameValuePairs[i], StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(nameValuePairs[i + 1], StandardCharsets.UTF_8));
            }
            Http.Response response = http.send("POST", path, null, String.join("&", pairs),
                    withCookie(Map.of("Content-Type", "application/x-www-form-urlencoded")));
            response.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(JourneyCookies.NAME + "="))
                    .findFirst()
                    .ifPresent(c -> session = c.substring(JourneyCookies.NAME.length() + 1, c.indexOf(';')));
            return response;
        }

        /** GETs the page and posts its form with its CSRF token plus the given fields. */
        Http.Response submit(String step, String... fields) {
            Http.Response page = get(page(step));
            assertEquals(200, page.status(), () -> step + ": " + page);
            String[] all = new String[fields.length + 2];
            all[0] = "csrf_token";
            all[1] = csrf(page);
            System.arraycopy(fields, 0, all, 2, fields.length);
            return post(page(step), all);
        }

        private Map<String, String> withCookie(Map<String, String> extra) {
            Map<String, String> all = new HashMap<>(headers);
            all.putAll(extra);
            if (session != null) {
                all.put("Cookie", JourneyCookies.NAME + "=" + session);
            }
            return all;
        }
    }

    @Test
    void pagesWhenWalkedThenSeedWordingAndPermitSendsBrowserToProgram() {
        PartnerProgram program = program("マネーノート", "accounts:read", "transactions:read");
        Customer customer = customer("pages", "2000002", "202-1111111", "202-2222222*");
        Browser browser = new Browser(journey(program, "accounts:read", "transactions:read"));

        Http.Response login = browser.get(browser.page("login"));
        assertEquals(200, login.status(), login::toString);
        assertTrue(login.header("Content-Type").startsWith("text/html"), login.header("Content-Type"));
        assertHardened(login);
        assertTrue(login.header("Content-Security-Policy").contains("form-action 'self' https://app.example.com"),
                login.header("Content-Security-Policy"));
        assertContains(login, "<html lang=\"ja\">", "data-step=\"login\"", "API連携認証（利用登録）", "【免責事項】",
                "ログインID", "ログインパスワード", ">API連携</button>", "マネーノート(株式会社テスト)",
                "id=\"login-id\"", "id=\"password\"", "for=\"login-id\"", "href=\"/consent/assets/journey.css\"");
        assertFalse(login.body().contains("<script"), "no script at all");

        Http.Response loggedIn = browser.submit("login", "login_id", customer.loginId(), "password", CUSTOMER_PASSWORD);
        assertEquals(303, loggedIn.status(), loggedIn::toString);
        assertEquals(browser.page("services"), loggedIn.header("Location"));
        assertNotNull(browser.session, "the login sets the journey session cookie");
        assertHardened(loggedIn);

        Http.Response back = browser.get(browser.page("login"));
        assertEquals(303, back.status(), "Back to the login page lands on the current step");
        assertEquals(browser.page("services"), back.header("Location"));

        Http.Response services = browser.get(browser.page("services"));
        assertContains(services, "API連携認証（認可業務選択）（利用登録）", "認可対象", "連携照会", "入出金明細照会",
                ">次へ</button>", "id=\"scope-accounts-read\"", "id=\"scope-transactions-read\"");
        Http.Response selected = browser.submit("services", "scope", "accounts:read", "scope", "transactions:read");
        assertEquals(browser.page("pins"), selected.header("Location"), selected::toString);

        String a = customer.account("2000002").toString();
        String b = customer.account("1111111").toString();
        String registered = customer.account("2222222").toString();
        Http.Response pins = browser.get(browser.page("pins"));
        assertContains(pins, "API連携認証（照会用暗証番号登録）（利用登録）", "口座一覧", "登録状態", "照会用口座", "口座名義",
                "未登録", "登録済み", "インターネット支店(001) 普通 2000002", "※登録状態欄に&quot;*&quot;が表示されている口座の暗証番号は",
                "id=\"select-" + a + "\"", "id=\"pin-" + a + "\"", "data-account=\"001-2000002\"", ">登録</button>");
        assertFalse(pins.body().contains("id=\"pin-" + registered + "\""), "a registered account takes no PIN");

        Http.Response wrongFormat = browser.submit("pins", "account", a, "pin_" + a, "12");
        assertEquals(browser.page("pins") + "?error=pin_format", wrongFormat.header("Location"));
        assertContains(browser.get(wrongFormat.header("Location")), "role=\"alert\"", "数字4桁");

        Http.Response registration = browser.submit("pins", "account", a, "pin_" + a, PIN, "account", b, "pin_" + b, WRONG_PIN);
        assertEquals(browser.page("pins/result"), registration.header("Location"), registration::toString);
        Http.Response result = browser.get(browser.page("pins/result"));
        assertContains(result, "API連携認証（照会用暗証番号登録結果）", "登録状況", "口座メモ", "登録済み*", "●●●●",
                "残り2回", ">確定</button>", ">照会用暗証番号の追加登録</button>", "id=\"result-status-" + a + "\"");

        Http.Response more = browser.submit("pins/result", "action", "add_more");
        assertEquals(browser.page("pins"), more.header("Location"));
        assertEquals(303, browser.get(browser.page("pins/result")).status(), "the result page is no longer current");
        browser.submit("pins", "account", b, "pin_" + b, PIN);
        Http.Response confirmed = browser.submit("pins/result", "action", "confirm");
        assertEquals(browser.page("consent"), confirmed.header("Location"), confirmed::toString);

        Http.Response consent = browser.get(browser.page("consent"));
        assertContains(consent, "API連携認証（情報アクセス許可）（利用登録）", "意思確認", "マネーノート(株式会社テスト)",
                "連携照会", "入出金明細照会", "許可手続きを継続する", ">許可</button>", ">拒否</button>");
        assertTrue(consent.body().contains("インターネット支店(001) 普通 2000002"));
        assertTrue(consent.body().contains("インターネット支店(202) 普通 2222222"), "registered accounts are covered too");

        Http.Response unticked = browser.submit("consent", "decision", "permit");
        assertEquals(browser.page("consent") + "?error=continue_required", unticked.header("Location"));
        Http.Response permitted = browser.submit("consent", "decision", "permit", "continue", "yes");
        assertEquals(303, permitted.status(), permitted::toString);
        String location = permitted.header("Location");
        Map<String, String> query = JourneyApiIT.query(location);
        assertTrue(location.startsWith(REDIRECT_URI + "?code="), location);
        assertEquals(STATE, query.get("state"));
        assertEquals(oauth.issuer(), query.get("iss"));
        assertEquals(1, rows("SELECT 1 FROM consent WHERE account_id = ?", java.util.UUID.fromString(customer.id())).size());

        Http.Response afterwards = browser.get(browser.page("consent"));
        assertEquals(200, afterwards.status(), "Back after the end shows a closing page, never the code again");
        assertContains(afterwards, "data-step=\"completed\"");
        assertFalse(afterwards.body().contains(query.get("code")));
        assertEquals(200, browser.get(browser.page("login")).status());
    }

    @Test
    void pagesWhenSingleNonBankScopeThenLoginLeadsToConsentAndDenyReturnsAccessDenied() {
        PartnerProgram program = program("spots", "spots:read");
        Customer customer = customer("pagedeny");
        Browser browser = new Browser(journey(program, "spots:read"));

        Http.Response loggedIn = browser.submit("login", "login_id", customer.loginId(), "password", CUSTOMER_PASSWORD);
        assertEquals(browser.page("consent"), loggedIn.header("Location"));
        assertEquals(browser.page("consent"), browser.get(browser.page("services")).header("Location"));
        assertEquals(browser.page("consent"), browser.get(browser.page("pins")).header("Location"));

        Http.Response denied = browser.submit("consent", "decision", "deny");
        assertEquals(303, denied.status(), denied::toString);
        Map<String, String> query = JourneyApiIT.query(denied.header("Location"));
        assertEquals("access_denied", query.get("error"));
        assertEquals(STATE, query.get("state"));
        assertNull(query.get("code"));
    }

    @Test
    void loginPageWhenCredentialsWrongThenErrorShownAndJourneyStaysAtLogin() {
        PartnerProgram program = program("wrong", "accounts:read");
        Customer customer = customer("pagewrong", "2000002");
        Browser browser = new Browser(journey(program, "accounts:read"));

        Http.Response wrong = browser.submit("login", "login_id", customer.loginId(), "password", "not-it");
        assertEquals(browser.page("login") + "?error=invalid_credentials", wrong.header("Location"));
        assertNull(browser.session);
        assertContains(browser.get(wrong.header("Location")), "id=\"error\"", "ログインIDまたはログインパスワードが正しくありません");

        Http.Response empty = browser.submit("login", "login_id", customer.loginId(), "password", "");
        assertEquals(browser.page("login") + "?error=login_required", empty.header("Location"));

        Http.Response prohibited = browser.submit("login", "login_id", "tempuser1", "password", PASSWORD);
        assertEquals(browser.page("login") + "?error=sign_in_prohibited", prohibited.header("Location"));
    }

    @Test
    void formWhenCsrfTokenStaleThenPageShownAgainAndNothingDone() {
        PartnerProgram program = program("stale", "accounts:read", "transactions:read");
        Customer customer = customer("pagestale", "2000002");
        Browser browser = new Browser(journey(program, "accounts:read", "transactions:read"));
        String preLoginToken = csrf(browser.get(browser.page("login")));
        browser.submit("login", "login_id", customer.loginId(), "password", CUSTOMER_PASSWORD);

        Http.Response stale = browser.post(browser.page("services"), "csrf_token", preLoginToken, "scope", "accounts:read");
        assertEquals(browser.page("services") + "?error=stale", stale.header("Location"));
        assertContains(browser.get(stale.header("Location")), "role=\"alert\"");
        Http.Response none = browser.post(browser.page("services"), "scope", "accounts:read");
        assertEquals(browser.page("services") + "?error=stale", none.header("Location"));
        assertEquals(browser.page("services"), browser.get(browser.page("pins")).header("Location"), "still at services");
    }

    @Test
    void pageWhenOtherBrowserExpiredOrUnknownThenErrorPages() {
        PartnerProgram program = program("errors", "accounts:read");
        Customer customer = customer("pageerrors", "2000002");
        Browser browser = new Browser(journey(program, "accounts:read"));
        browser.submit("login", "login_id", customer.loginId(), "password", CUSTOMER_PASSWORD);

        Browser other = new Browser(browser.journeyId);
        Http.Response elsewhere = other.get(other.page("pins"));
        assertEquals(401, elsewhere.status(), elsewhere::toString);
        assertContains(elsewhere, "data-step=\"error\"", "ログインしたブラウザで");
        assertHardened(elsewhere);

        Http.Response unknown = browser.get("/consent/" + random(32) + "/login");
        assertEquals(404, unknown.status());
        assertTrue(unknown.header("Content-Type").startsWith("text/html"));
        assertEquals(404, browser.get("/consent/bad!id/login").status());

        clock.advance(Duration.ofMinutes(11));
        Http.Response expired = browser.get(browser.page("pins"));
        assertEquals(410, expired.status(), expired::toString);
        assertContains(expired, "有効期限が切れました");
        Http.Response expiredPost = browser.post(browser.page("pins"), "csrf_token", "x");
        assertEquals(410, expiredPost.status());
    }

    @Test
    void pagesWhenBrowserPrefersEnglishThenEnglish() {
        PartnerProgram program = program("english", "accounts:read", "transactions:read");
        Browser browser = new Browser(journey(program, "accounts:read", "transactions:read"));
        browser.headers.put("Accept-Language", "en-US,en;q=0.9,ja;q=0.8");

        Http.Response login = browser.get(browser.page("login"));
        assertContains(login, "<html lang=\"en\">", "Login ID", "Password", ">Authorize</button>");
        assertFalse(login.body().contains("ログインパスワード"));

        browser.headers.put("Accept-Language", "ja,en;q=0.5");
        assertContains(browser.get(browser.page("login")), "<html lang=\"ja\">", "ログインパスワード");
        browser.headers.put("Accept-Language", "fr-FR");
        assertContains(browser.get(browser.page("login")), "<html lang=\"ja\">");
    }

    @Test
    void pageWhenProgramNameHasMarkupThenEscaped() {
        PartnerProgram program = program("<script>alert(1)</script>", "accounts:read");
        Browser browser = new Browser(journey(program, "accounts:read"));
        Http.Response login = browser.get(browser.page("login"));
        assertTrue(login.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), login.body());
        assertFalse(login.body().contains("<script>"));
    }

    @Test
    void stylesheetWhenRequestedThenServedByTheServerAnonymously() {
        Http.Response css = http.get("/consent/assets/journey.css", null);
        assertEquals(200, css.status(), css::toString);
        assertTrue(css.header("Content-Type").startsWith("text/css"), css.header("Content-Type"));
        assertTrue(css.body().contains(".visually-hidden"));
    }

    private static void assertHardened(Http.Response response) {
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("DENY", response.header("X-Frame-Options"));
        assertEquals("same-origin", response.header("Referrer-Policy"));
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        String csp = response.header("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.startsWith("default-src 'self'; form-action 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    }

    private static void assertContains(Http.Response response, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(response.body().contains(fragment), () -> "missing " + fragment + " in " + response);
        }
    }

    private static String csrf(Http.Response page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertTrue(matcher.find(), () -> "no CSRF field in " + page);
        return matcher.group(1);
    }
}
