package dev.renkei.conformance.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.renkei.conformance.support.Browser;
import dev.renkei.conformance.support.Mailbox;
import dev.renkei.conformance.support.RawHttp;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000 in a real browser (headless Chromium) against the real server, database and SMTP
 * server (GreenMail): the administrator's screens (パラメータ, アカウント管理 with its filters and
 * bulk actions, メールテンプレート設定, APIトークン管理, 監査ログ) and the holder's 「設定」―「APIトークン」
 * with the one-time pickup, reached from the mailed link. Screenshots go to
 * target/screenshots/console-*.png.
 *
 * <p>Every action on these pages is a script call, not a page load: each step waits for what the
 * call puts on the screen (a result row, a status text), never for time to pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    private static final String PASSWORD = RenkeiServer.DEMO_PASSWORD;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenkeiServer server;
    private Mailbox mailbox;
    private RawHttp http;
    private String base;

    @BeforeAll
    void start() {
        Assumptions.assumeTrue(Browser.available() || System.getenv("RENKEI_REQUIRE_BROWSER") != null,
                "chromium and chromium-driver are not installed (.ci/run installs them)");
        server = RenkeiServer.start();
        mailbox = new Mailbox(server.mail());
        http = new RawHttp(server.baseUri(), HttpClient.newHttpClient());
        base = server.baseUri().toString().replaceAll("/$", "");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void seedFlowWhenAdminBulkIssuesThenHoldersFollowTheMailAndPickUpOnce() throws Exception {
        String holder = "holder" + suffix();
        String holderMail = holder + "@example.com";
        String pickupLink;
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            signIn(page, "/console/", "admin1");
            awaitPath(page, "/console/accounts");
            awaitReady(page);
            browser.screenshot("console-accounts");

            // 1.1 システム設定 → パラメータ: the validity for the tokens about to be issued.
            page.findElement(By.id("nav-parameters")).click();
            awaitPath(page, "/console/system/parameters");
            awaitReady(page);
            assertTrue(text(page, "parameters-warning").contains("変更前のトークンの有効期間には影響はなく、変更後に発行したトークンに対して有効となります"),
                    "the seed's warning");
            WebElement validity = page.findElement(By.id("validity-days"));
            assertEquals("APIトークン（一般ユーザ向け）の有効期限（日）", page.findElement(By.cssSelector("label[for=validity-days]")).getText());
            validity.clear();
            validity.sendKeys("45");
            page.findElement(By.id("save-parameters")).click();
            awaitText(page, "status", "保存しました");
            browser.screenshot("console-parameters");
            assertEquals(45, api("GET", "/v1/system-parameters", adminToken(), null).body().get("api_token_validity_days").asInt());

            // 作成: a holder account made on the screen.
            open(page, "/console/accounts");
            page.findElement(By.id("create-account")).click();
            awaitPath(page, "/console/accounts/new");
            awaitReady(page);
            page.findElement(By.id("login-id")).sendKeys(holder);
            page.findElement(By.id("name")).sendKeys("保有者 一郎");
            page.findElement(By.id("mail")).sendKeys(holderMail);
            page.findElement(By.id("flag-general_use_prohibited")).click();
            page.findElement(By.id("password")).sendKeys(PASSWORD);
            page.findElement(By.id("save-account")).click();
            awaitText(page, "status", "アカウントを作成しました");
            // 更新: the name changes on the same screen.
            WebElement name = page.findElement(By.id("name"));
            name.clear();
            name.sendKeys("保有者 一郎（更新）");
            page.findElement(By.id("save-account")).click();
            awaitText(page, "status", "アカウントを更新しました");

            // 1.2 アカウント管理: select two accounts through the search and issue in bulk.
            open(page, "/console/accounts");
            search(page, holder);
            page.findElement(By.id("select-" + holder)).click();
            search(page, "user1");
            page.findElement(By.id("select-user1")).click();
            assertTrue(text(page, "selected-count").contains("2"), "the selection survives a new search");
            browser.screenshot("console-accounts-selected");
            page.findElement(By.id("bulk-issue")).click();
            await(page).until(d -> d.findElements(By.cssSelector("#bulk-result-table tbody tr")).size() == 2);
            for (WebElement row : page.findElements(By.cssSelector("#bulk-result-table tbody tr"))) {
                assertEquals("issued", row.getAttribute("data-outcome"));
                assertTrue(row.getText().contains("APIトークンを発行しました"), row.getText());
            }
            assertTrue(text(page, "bulk-summary").contains("2件発行") && text(page, "bulk-summary").contains("45日"),
                    text(page, "bulk-summary"));
            browser.screenshot("console-bulk-issue-result");

            // The mail template with its preview.
            open(page, "/console/system/mail-templates");
            page.findElement(By.id("preview-button")).click();
            awaitText(page, "preview-body", "一般ユーザ");
            browser.screenshot("console-mail-template-preview");
        }

        // 2.1 The notice mails arrive, with the validity and the pickup link of the console.
        Mailbox.Mail notice = mailbox.await(holderMail, "console/settings/api-tokens");
        assertTrue(notice.subject().contains("APIトークン発行のお知らせ"), notice.subject());
        assertTrue(notice.body().contains("45"), notice.body());
        mailbox.await("user1@example.com", "console/settings/api-tokens");
        pickupLink = mailbox.awaitGroup(holderMail, "(http://\\S+/console/settings/api-tokens)");

        // 2.2 The holder follows the link, signs in and comes back to 「設定」―「APIトークン」.
        try (Browser browser = Browser.start("ja")) {
            ChromeDriver page = browser.driver();
            watchErrors(page);
            page.get(pickupLink);
            awaitPath(page, "/console/sign-in");
            assertEquals("/console/settings/api-tokens",
                    URLDecoder.decode(page.getCurrentUrl().replaceAll(".*next=([^&]*).*", "$1"), StandardCharsets.UTF_8));
            browser.screenshot("console-holder-sign-in");
            logIn(page, holder);
            awaitPath(page, "/console/settings/api-tokens");
            awaitReady(page);
            assertTrue(text(page, "pending-info").contains("45日"), text(page, "pending-info"));
            browser.screenshot("console-my-tokens");

            // いいえ cancels: nothing is picked up.
            page.findElement(By.id("pickup-button")).click();
            WebElement dialog = await(page).until(ExpectedConditions.visibilityOfElementLocated(By.id("pickup-dialog")));
            assertTrue(dialog.getText().contains("トークンを取得しますか？"), dialog.getText());
            assertTrue(dialog.getText().contains("トークンは一度しか表示されません。"), dialog.getText());
            assertEquals("pickup-dialog-no", page.switchTo().activeElement().getAttribute("id"), "focus moves into the dialog");
            browser.screenshot("console-pickup-dialog");
            page.findElement(By.id("pickup-dialog-no")).click();
            await(page).until(ExpectedConditions.numberOfElementsToBe(By.id("pickup-dialog"), 0));
            assertEquals("pickup-button", page.switchTo().activeElement().getAttribute("id"), "focus returns to the button");
            assertEquals("pending_pickup", myTokens(holder).get(0).get("status").asText());

            // はい shows the token once.
            page.findElement(By.id("pickup-button")).click();
            await(page).until(ExpectedConditions.elementToBeClickable(By.id("pickup-dialog-yes"))).click();
            WebElement secretField = await(page).until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret")));
            String secret = secretField.getAttribute("value");
            assertTrue(secret.matches("rnk_pat_[0-9A-Za-z]{38}"), secret);
            assertTrue(text(page, "token-warning").contains("再度アクセストークンを確認することはできない"));
            browser.screenshot("console-token-shown");

            // クリップボードへコピー: the clipboard holds the token (read back with permission granted over CDP).
            page.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base,
                    "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
            page.findElement(By.id("copy-button")).click();
            awaitText(page, "copy-status", "クリップボードにコピーしました");
            Object clipboard = ((JavascriptExecutor) page).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "navigator.clipboard.readText().then(done, (e) => done('clipboard error: ' + e));");
            assertEquals(secret, clipboard);

            // The token works for a program.
            Reply me = api("GET", "/v1/me", secret, null);
            assertEquals(200, me.status());
            assertEquals(holder, me.body().at("/account/login_id").asText());

            // 戻る: the list shows the expiry; the secret is gone from the page.
            page.findElement(By.id("back-button")).click();
            awaitReady(page);
            String tokenId = me.body().get("api_token_id").asText();
            WebElement row = await(page).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#my-token-table tr[data-token-id='" + tokenId + "']")));
            String expires = row.findElement(By.cssSelector("td.expires")).getText();
            assertFalse(expires.isBlank(), "the expiry is shown");
            assertTrue(text(page, "status").contains("有効期限"), text(page, "status"));
            assertTrue(page.findElements(By.id("token-secret")).isEmpty());
            assertFalse(page.getPageSource().contains(secret), "the secret is not on the page any more");
            assertTrue(text(page, "pending-info").contains("取得できるトークンはありません"));
            Instant expiry = Instant.parse(myTokens(holder).get(0).get("expires_at").asText());
            Instant pickedUp = Instant.parse(myTokens(holder).get(0).get("picked_up_at").asText());
            assertEquals(45, ChronoUnit.DAYS.between(pickedUp, expiry));
            browser.screenshot("console-my-tokens-after-pickup");

            // A second pickup is refused on screen: a new token, picked up meanwhile from elsewhere.
            bulkIssue(accountId(holder));
            page.navigate().refresh();
            awaitReady(page);
            String pendingId = page.findElement(By.id("pickup-button")).getAttribute("data-token-id");
            assertEquals(200, api("POST", "/v1/me/api-tokens/" + pendingId + "/pickup", signInToken(holder), null).status());
            page.findElement(By.id("pickup-button")).click();
            await(page).until(ExpectedConditions.elementToBeClickable(By.id("pickup-dialog-yes"))).click();
            awaitText(page, "error", "既に取得されています");
            assertTrue(page.findElements(By.id("token-secret")).isEmpty());
            browser.screenshot("console-pickup-refused");
        }
    }

    @Test
    void auditorWhenSignedInThenSeesThePagesWithoutActionButtonsAndCannotAct() throws Exception {
        try (Browser browser = Browser.start("ja")) {
            ChromeDriver page = browser.driver();
            signIn(page, "/console/accounts", "auditor1");
            awaitReady(page);
            assertTrue(page.findElements(By.cssSelector("#account-table tbody tr")).size() > 3, "the list is readable");
            for (String action : List.of("create-account", "select-all", "bulk-delete", "bulk-password-reset", "bulk-issue")) {
                assertTrue(page.findElements(By.id(action)).isEmpty(), action + " is not shown");
            }
            assertTrue(page.findElements(By.cssSelector("#account-table input[type=checkbox]")).isEmpty());
            browser.screenshot("console-auditor-accounts");

            open(page, "/console/system/parameters");
            assertEquals("true", page.findElement(By.id("validity-days")).getAttribute("readonly"));
            assertTrue(page.findElements(By.id("save-parameters")).isEmpty());
            open(page, "/console/system/mail-templates");
            assertTrue(page.findElements(By.id("save-template")).isEmpty());
            page.findElement(By.id("preview-button")).click();
            awaitText(page, "preview-body", "一般ユーザ");
            open(page, "/console/system/api-tokens");
            assertTrue(page.findElements(By.cssSelector("#token-table button")).isEmpty(), "no revoke buttons");
            open(page, "/console/audit");
            assertFalse(page.findElements(By.cssSelector("#audit-table tbody tr[data-action]")).isEmpty());
            browser.screenshot("console-audit-log");

            // Even with the page's own session, the API refuses a change.
            Object status = ((JavascriptExecutor) page).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "const s = JSON.parse(sessionStorage.getItem('renkei.console.session'));"
                            + "fetch('/v1/api-tokens/bulk-issue', {method: 'POST', headers: {'Content-Type': 'application/json',"
                            + " Authorization: 'Bearer ' + s.token}, body: JSON.stringify({account_ids: [arguments[0]]})})"
                            + ".then((r) => done(r.status), (e) => done(String(e)));", accountId("user2"));
            assertEquals(403L, status);
        }
    }

    @Test
    void userAdministratorWhenSignedInThenHasNoParameterOrMailTemplatePage() {
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            signIn(page, "/console/accounts", "useradmin1");
            awaitReady(page);
            assertFalse(page.findElements(By.id("bulk-issue")).isEmpty(), "a user administrator issues tokens");
            assertTrue(page.findElements(By.id("nav-parameters")).isEmpty());
            assertTrue(page.findElements(By.id("nav-mail-templates")).isEmpty());
            assertFalse(page.findElements(By.id("nav-api-tokens")).isEmpty());
            page.get(base + "/console/system/parameters");
            await(page).until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden")));
            assertTrue(page.findElements(By.id("validity-days")).isEmpty());
            browser.screenshot("console-useradmin-no-parameters");
        }
    }

    @Test
    void holderWithoutAdminRoleWhenSignedInThenOnlyHisTokenPage() {
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            signIn(page, "/console/", "gaibuser001");
            awaitPath(page, "/console/settings/api-tokens");
            awaitReady(page);
            assertTrue(page.findElements(By.id("nav-accounts")).isEmpty());
            page.get(base + "/console/accounts");
            await(page).until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden")));
        }
    }

    @Test
    void accountListWhenManyMatchThenPagedByTheChosenSizeAndFilteredByLockState() throws Exception {
        String prefix = "pg" + suffix();
        for (int i = 1; i <= 12; i++) {
            createAccount(String.format("%s%02d", prefix, i), null);
        }
        api("POST", "/v1/accounts/" + accountId(prefix + "12") + "/lock", adminToken(), null);
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            signIn(page, "/console/accounts", "admin1");
            awaitReady(page);
            search(page, prefix);
            assertEquals(10, rows(page).size(), "10件表示 by default; the locked account is filtered out");
            assertEquals("1から10まで表示", text(page, "page-info"), "the total is known only on the last page");
            page.findElement(By.id("page-next")).click();
            await(page).until(d -> text(d, "page-number").equals("2"));
            assertEquals(1, rows(page).size());
            assertEquals("11件中11から11まで表示", text(page, "page-info"));
            page.findElement(By.id("page-prev")).click();
            await(page).until(d -> text(d, "page-number").equals("1"));

            new org.openqa.selenium.support.ui.Select(page.findElement(By.id("page-size"))).selectByValue("25");
            await(page).until(d -> rows(d).size() == 11);
            page.findElement(By.id("lock-locked")).click();
            search(page, prefix);
            assertEquals(12, rows(page).size(), "both lock states");
            page.findElement(By.id("lock-unlocked")).click();
            search(page, prefix);
            assertEquals(List.of(prefix + "12"), rows(page).stream().map(r -> r.getAttribute("data-login-id")).toList(), "locked only");
            browser.screenshot("console-accounts-locked-filter");

            // すべて選択 selects the page.
            page.findElement(By.id("lock-unlocked")).click();
            search(page, prefix);
            page.findElement(By.id("select-all")).click();
            assertTrue(text(page, "selected-count").contains("12"), text(page, "selected-count"));
        }
    }

    @Test
    void bulkDeleteAndPasswordResetWhenConfirmedThenResultPerAccountAndTheResetLinkWorks() throws Exception {
        String first = "bulk" + suffix();
        String second = first + "b";
        createAccount(first, first + "@example.com");
        createAccount(second, null);
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            signIn(page, "/console/accounts", "admin1");
            awaitReady(page);
            search(page, first);
            page.findElement(By.id("select-all")).click();
            page.findElement(By.id("bulk-password-reset")).click();
            await(page).until(ExpectedConditions.elementToBeClickable(By.id("confirm-dialog-yes"))).click();
            await(page).until(d -> d.findElements(By.cssSelector("#bulk-result-table tbody tr")).size() == 2);
            assertEquals("reset_mailed", resultFor(page, accountId(first)).getAttribute("data-outcome"));
            WebElement skipped = resultFor(page, accountId(second));
            assertEquals("skipped", skipped.getAttribute("data-outcome"));
            assertTrue(skipped.getText().contains("メールアドレスが登録されていません"), skipped.getText());
            browser.screenshot("console-bulk-password-reset-result");

            // The mailed link opens the console's password page.
            String link = mailbox.awaitGroup(first + "@example.com", "(http://\\S+/console/password-reset#token=\\S+)");
            page.get(link);
            WebElement password = await(page).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password")));
            assertFalse(page.getCurrentUrl().contains("token="), "the secret leaves the address bar");
            password.sendKeys("a-new-password-2026");
            page.findElement(By.id("new-password-again")).sendKeys("a-new-password-2026");
            page.findElement(By.id("reset-submit")).click();
            awaitText(page, "status", "パスワードを設定しました");
            assertEquals(200, api("POST", "/v1/auth/sign-in", null,
                    Map.of("login_id", first, "password", "a-new-password-2026")).status());

            open(page, "/console/accounts");
            search(page, first);
            page.findElement(By.id("select-all")).click();
            page.findElement(By.id("bulk-delete")).click();
            await(page).until(ExpectedConditions.elementToBeClickable(By.id("confirm-dialog-no"))).click();
            assertTrue(page.findElements(By.id("bulk-result-table")).isEmpty(), "いいえ deletes nothing");
            page.findElement(By.id("bulk-delete")).click();
            await(page).until(ExpectedConditions.elementToBeClickable(By.id("confirm-dialog-yes"))).click();
            await(page).until(d -> d.findElements(By.cssSelector("#bulk-result-table tbody tr[data-outcome=deleted]")).size() == 2);
            await(page).until(d -> rows(d).isEmpty());
            browser.screenshot("console-bulk-delete-result");
        }
    }

    @Test
    void tokenManagementWhenAdminRevokesThenTokenRefused() throws Exception {
        String holder = "revoke" + suffix();
        createAccount(holder, holder + "@example.com");
        String accountId = accountId(holder);
        bulkIssue(accountId);
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            signIn(page, "/console/system/api-tokens?account_id=" + accountId, "admin1");
            awaitReady(page);
            assertEquals(holder, page.findElement(By.id("token-login-filter")).getAttribute("value"));
            List<WebElement> tokens = page.findElements(By.cssSelector("#token-table tbody tr[data-token-id]"));
            assertEquals(1, tokens.size());
            String tokenId = tokens.get(0).getAttribute("data-token-id");
            page.findElement(By.id("revoke-" + tokenId)).click();
            await(page).until(ExpectedConditions.elementToBeClickable(By.id("confirm-dialog-yes"))).click();
            awaitText(page, "status", "失効させました");
            await(page).until(d -> d.findElement(By.cssSelector("tr[data-token-id='" + tokenId + "'] td.status")).getText().contains("失効"));
            browser.screenshot("console-api-tokens-revoked");

            new org.openqa.selenium.support.ui.Select(page.findElement(By.id("token-status-filter"))).selectByValue("pending_pickup");
            page.findElement(By.id("token-filter-submit")).click();
            await(page).until(d -> d.findElements(By.cssSelector("#token-table tbody tr[data-token-id]")).isEmpty());
            assertEquals(409, api("POST", "/v1/me/api-tokens/" + tokenId + "/pickup", signInToken(holder), null).status());
        }
    }

    @Test
    void pagesWhenBrowserPrefersEnglishThenEnglish() {
        try (Browser browser = Browser.start("en")) {
            WebDriver page = browser.driver();
            signIn(page, "/console/accounts", "admin1");
            awaitReady(page);
            assertEquals("en", page.findElement(By.tagName("html")).getAttribute("lang"));
            assertEquals("Account management", page.findElement(By.tagName("h1")).getText());
            assertEquals("Issue API tokens (bulk)", page.findElement(By.id("bulk-issue")).getText());
            browser.screenshot("console-accounts-en");
            open(page, "/console/settings/api-tokens");
            assertEquals("API tokens", page.findElement(By.tagName("h1")).getText());
            open(page, "/console/system/parameters");
            assertTrue(text(page, "parameters-warning").contains("applies to tokens issued afterwards"));
            browser.screenshot("console-parameters-en");
        }
    }

    @Test
    void csrfWhenACallCarriesNoBearerTokenThenRefused() throws Exception {
        try (Browser browser = Browser.start("ja")) {
            ChromeDriver page = browser.driver();
            signIn(page, "/console/accounts", "admin1");
            awaitReady(page);
            assertTrue(page.manage().getCookies().isEmpty(), "signing in on the console leaves no cookie to ride on");
            // What a forged request can do: send whatever the browser sends by itself. Without the
            // bearer header only the page's script holds, the API refuses it.
            Object status = ((JavascriptExecutor) page).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch('/v1/api-tokens/bulk-issue', {method: 'POST', credentials: 'include',"
                            + " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({account_ids: [arguments[0]]})})"
                            + ".then((r) => done(r.status), (e) => done(String(e)));", accountId("user2"));
            assertEquals(401L, status);
            // A session that ended sends the page back through sign-in, and then back here.
            ((JavascriptExecutor) page).executeScript("sessionStorage.clear()");
            page.navigate().refresh();
            awaitPath(page, "/console/sign-in");
            logIn(page, "admin1");
            awaitPath(page, "/console/accounts");
        }
    }

    // ---- browser steps -------------------------------------------------------------------------

    private void signIn(WebDriver page, String path, String loginId) {
        watchErrors(page);
        page.get(base + path);
        awaitPath(page, "/console/sign-in");
        logIn(page, loginId);
    }

    private static void logIn(WebDriver page, String loginId) {
        WebElement login = await(page).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-id")));
        login.sendKeys(loginId);
        page.findElement(By.id("password")).sendKeys(PASSWORD);
        WebElement body = page.findElement(By.tagName("body"));
        page.findElement(By.id("sign-in-submit")).click();
        // Sign-in ends in a page load: wait until this page is gone.
        await(page).until(ExpectedConditions.stalenessOf(body));
    }

    private void open(WebDriver page, String path) {
        page.get(base + path);
        awaitReady(page);
    }

    /** Applies the account filters and waits for the list the search brought. */
    private static void search(WebDriver page, String query) {
        WebElement field = page.findElement(By.id("account-search"));
        field.clear();
        field.sendKeys(query);
        // The list is redrawn by a script call; mark the old rows and wait for them to go.
        ((JavascriptExecutor) page).executeScript("document.querySelectorAll('#account-table tbody tr')"
                + ".forEach((r) => r.setAttribute('data-stale', 'true'))");
        page.findElement(By.id("filter-submit")).click();
        await(page).until(d -> d.findElements(By.cssSelector("#account-table tbody tr[data-stale]")).isEmpty()
                && !d.findElements(By.cssSelector("#account-table tbody tr")).isEmpty());
    }

    private static List<WebElement> rows(WebDriver page) {
        return page.findElements(By.cssSelector("#account-table tbody tr[data-login-id]"));
    }

    private static WebElement resultFor(WebDriver page, String accountId) {
        return page.findElement(By.cssSelector("#bulk-result-table tr[data-account-id='" + accountId + "']"));
    }

    /** Records script errors of every page (shown when a wait fails). */
    private static void watchErrors(WebDriver page) {
        ((ChromeDriver) page).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.renkeiErrors = []; addEventListener('error', (e) => renkeiErrors.push(e.message));"
                        + "addEventListener('unhandledrejection', (e) => renkeiErrors.push(String(e.reason && e.reason.stack || e.reason)));"));
    }

    private static void awaitReady(WebDriver page) {
        await(page).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main[data-ready=true]")));
    }

    private static void awaitPath(WebDriver page, String path) {
        await(page).until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().equals(path));
    }

    private static void awaitText(WebDriver page, String id, String expected) {
        try {
            await(page).until(d -> {
                List<WebElement> found = d.findElements(By.id(id));
                return !found.isEmpty() && found.get(0).getText().contains(expected);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            Object calls = ((JavascriptExecutor) page).executeScript("return performance.getEntriesByType('resource')"
                    + ".map((e) => e.name + ' ' + e.responseStatus).join('\\n') + '\\nerrors: ' + (window.renkeiErrors || []).join('; ')");
            throw new AssertionError("#" + id + " never showed '" + expected + "'; the page at " + page.getCurrentUrl()
                    + " shows: " + page.findElement(By.tagName("body")).getText() + "\nits finished requests:\n" + calls, e);
        }
    }

    private static String text(WebDriver page, String id) {
        return page.findElement(By.id(id)).getText();
    }

    private static WebDriverWait await(WebDriver page) {
        return new WebDriverWait(page, WAIT);
    }

    // ---- fixtures through the API --------------------------------------------------------------

    private record Reply(int status, JsonNode body) {
    }

    private Reply api(String method, String path, String token, Object body) throws Exception {
        RawHttp.Req request = http.request(method, path);
        if (token != null) {
            request.bearer(token);
        }
        if (body != null) {
            request.json(JSON.writeValueAsString(body));
        }
        if (path.endsWith("/bulk-issue")) {
            request.idempotencyKey(UUID.randomUUID().toString());
        }
        HttpResponse<String> response = request.send();
        return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    private String signInToken(String loginId) throws Exception {
        Reply reply = api("POST", "/v1/auth/sign-in", null, Map.of("login_id", loginId, "password", PASSWORD));
        assertEquals(200, reply.status(), () -> reply.body().toString());
        return reply.body().get("access_token").asText();
    }

    private String adminToken() throws Exception {
        return signInToken("admin1");
    }

    private String accountId(String loginId) throws Exception {
        for (JsonNode account : api("GET", "/v1/accounts?q=" + loginId + "&limit=200", adminToken(), null).body().get("items")) {
            if (account.get("login_id").asText().equals(loginId)) {
                return account.get("id").asText();
            }
        }
        throw new AssertionError("no account " + loginId);
    }

    private void createAccount(String loginId, String mail) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("login_id", loginId, "name", "試験 " + loginId, "password", PASSWORD));
        if (mail != null) {
            body.put("mail", mail);
        }
        Reply reply = api("POST", "/v1/accounts", adminToken(), body);
        assertEquals(201, reply.status(), () -> reply.body().toString());
    }

    private void bulkIssue(String accountId) throws Exception {
        Reply reply = api("POST", "/v1/api-tokens/bulk-issue", adminToken(), Map.of("account_ids", List.of(accountId)));
        assertEquals(1, reply.body().get("issued_count").asInt(), () -> reply.body().toString());
    }

    private List<JsonNode> myTokens(String loginId) throws Exception {
        List<JsonNode> tokens = new java.util.ArrayList<>();
        api("GET", "/v1/me/api-tokens", signInToken(loginId), null).body().get("items").forEach(tokens::add);
        return tokens;
    }

    private static String suffix() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
