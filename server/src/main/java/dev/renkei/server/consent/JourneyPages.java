package dev.renkei.server.consent;

import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.program.PartnerProgram;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The consent journey's HTML, in the wording of seed 002 (Japanese by default, English when the
 * browser prefers it). No script and no inline style: the only resource is the server's own
 * stylesheet, so the pages run under {@code default-src 'self'}.
 * <p>
 * Stable hooks for browser tests (ids unless said otherwise):
 * <ul>
 *   <li>every page: {@code body[data-step]} (login, select_services, register_pins, pin_result,
 *       consent, completed, error), {@code h1#page-title}, {@code #error} (role=alert, only when
 *       there is an error), {@code #program} (the program's name and company), hidden input
 *       {@code csrf_token} in every form;</li>
 *   <li>login: {@code form#login-form}, {@code input#login-id} (name login_id),
 *       {@code input#password} (name password), {@code button#login-submit} 「API連携」;</li>
 *   <li>services: {@code form#services-form}, one checkbox per requested scope,
 *       {@code input#scope-accounts-read} (name scope, value accounts:read; ':' becomes '-'),
 *       {@code button#services-submit} 「次へ」;</li>
 *   <li>pins: {@code form#pins-form}, one {@code tr[data-account="<branch code>-<number>"]} per
 *       account with checkbox {@code #select-<account id>} (name account, value the id), status
 *       cell {@code #status-<account id>} and PIN input {@code #pin-<account id>}
 *       (name pin_<account id>); selectable rows only have the two inputs;
 *       {@code button#pins-submit} 「登録」;</li>
 *   <li>pin result: {@code tr[data-account]} rows with {@code #result-status-<account id>},
 *       {@code form#pin-result-form}, {@code button#confirm} 「確定」 and {@code button#add-more}
 *       「照会用暗証番号の追加登録」 (disabled when no account can be registered);</li>
 *   <li>consent: {@code #statement} (意思確認), {@code #scopes li}, {@code #accounts li},
 *       {@code form#permit-form} with checkbox {@code #continue} 「許可手続きを継続する」 and
 *       {@code button#permit} 「許可」; {@code form#deny-form} with {@code button#deny} 「拒否」.</li>
 * </ul>
 */
final class JourneyPages {

    /** The page language: Japanese unless the browser prefers English. */
    enum Lang {
        JA, EN;

        String t(String japanese, String english) {
            return this == JA ? japanese : english;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String STYLESHEET = "/consent/assets/journey.css";

    /** Error codes a page may be asked to show (?error=...); anything else is ignored. */
    private static final Map<String, String[]> ERRORS = Map.ofEntries(
            Map.entry("invalid_credentials", new String[] {
                    "ログインIDまたはログインパスワードが正しくありません。5回続けて誤るとアカウントがロックされます。",
                    "The login ID or password is wrong. After 5 consecutive failures the account is locked."}),
            Map.entry("account_locked", new String[] {
                    "このアカウントはロックされています。お取引の金融機関にお問い合わせください。",
                    "This account is locked. Please contact your bank."}),
            Map.entry("sign_in_prohibited", new String[] {
                    "このアカウントではAPI連携の認可を行うことができません。",
                    "This account may not authorize partner programs."}),
            Map.entry("login_required", new String[] {
                    "ログインIDとログインパスワードを入力してください。",
                    "Enter your login ID and password."}),
            Map.entry("no_selection", new String[] {
                    "認可対象を1つ以上選択してください。",
                    "Select at least one service."}),
            Map.entry("no_account", new String[] {
                    "口座を選択し、照会用暗証番号を入力してください。",
                    "Select an account and enter its inquiry PIN."}),
            Map.entry("pin_format", new String[] {
                    "照会用暗証番号は数字4桁で入力してください。",
                    "The inquiry PIN has 4 digits."}),
            Map.entry("continue_required", new String[] {
                    "許可する場合は「許可手続きを継続する」を選択してください。",
                    "To permit, tick \"Continue with the permission\"."}),
            Map.entry("stale", new String[] {
                    "画面の情報が古くなっています。もう一度操作してください。",
                    "This page was out of date. Please try again."}),
            Map.entry("invalid", new String[] {
                    "入力内容に誤りがあります。もう一度操作してください。",
                    "Something in the form was not valid. Please try again."}));

    private JourneyPages() {
    }

    static boolean knownError(@Nullable String code) {
        return code != null && ERRORS.containsKey(code);
    }

    static String path(String journeyId, Journey.Step step) {
        String base = "/consent/" + journeyId;
        return switch (step) {
            case LOGIN -> base + "/login";
            case SELECT_SERVICES -> base + "/services";
            case REGISTER_PINS -> base + "/pins";
            case PIN_RESULT -> base + "/pins/result";
            case CONSENT, COMPLETED -> base + "/consent";
        };
    }

    // BLG004 API連携認証（利用登録）
    static String login(JourneyService.JourneyView view, Lang lang, @Nullable String error) {
        Journey journey = view.journey();
        Html html = start(lang, "login", lang.t("API連携認証（利用登録）", "API authorization (registration)"), error);
        program(html, view.program(), lang);
        html.open("section", "class", "notice", "aria-labelledby", "disclaimer-title")
                .el("h2", lang.t("【免責事項】", "Disclaimer"), "id", "disclaimer-title")
                .el("p", lang.t("本機能はお客様の金融情報もAPI連携サービスにて提供されるものです。"
                                + "必ずお客様ご自身の責任において行っていただきますようお願いいたします。",
                        "With this function your financial information is also provided to the partner service. "
                                + "Please proceed at your own responsibility."))
                .close("section");
        html.el("p", lang.t("ログインIDとログインパスワードでAPI連携の認可をする場合は、ログインIDとログインパスワードを入力の上、"
                        + "「API連携」ボタンをクリックしてください。",
                "To authorize the partner service with your login ID and password, enter them and press "
                        + "\"Authorize\"."));
        html.open("form", "id", "login-form", "method", "post", "action", path(journey.id(), Journey.Step.LOGIN));
        csrf(html, journey);
        html.open("fieldset").el("legend", lang.t("ID・パスワード方式のお客様", "Login ID and password"));
        field(html, "login-id", lang.t("ログインID", "Login ID"), "text", "login_id", "username", 64);
        field(html, "password", lang.t("ログインパスワード", "Password"), "password", "password", "current-password", 128);
        html.close("fieldset");
        html.el("button", lang.t("API連携", "Authorize"), "id", "login-submit", "type", "submit", "class", "primary");
        html.close("form");
        return finish(html);
    }

    // BLG002 API連携認証（認可業務選択）（利用登録）
    static String services(JourneyService.JourneyView view, Lang lang, @Nullable String error) {
        Journey journey = view.journey();
        Html html = start(lang, "select_services",
                lang.t("API連携認証（認可業務選択）（利用登録）", "API authorization (choose services)"), error);
        program(html, view.program(), lang);
        html.el("p", lang.t(programLabel(view.program()) + "にてご利用の対象業務を選択の上、「次へ」ボタンを押してください。",
                "Choose the services to use with " + programLabel(view.program()) + ", then press \"Next\"."));
        html.open("form", "id", "services-form", "method", "post", "action", path(journey.id(), Journey.Step.SELECT_SERVICES));
        csrf(html, journey);
        html.open("fieldset").el("legend", lang.t("認可対象", "Services to authorize"));
        List<String> selected = view.selectedScopes();
        for (String scope : journey.requestedScopes()) {
            String id = "scope-" + scope.replace(':', '-');
            boolean checked = selected.isEmpty() || selected.contains(scope);
            html.open("div", "class", "choice")
                    .open("input", "type", "checkbox", "id", id, "name", "scope", "value", scope, "checked", checked ? "" : null)
                    .el("label", Scopes.label(scope, lang == Lang.JA), "for", id)
                    .close("div");
        }
        html.close("fieldset");
        html.el("button", lang.t("次へ", "Next"), "id", "services-submit", "type", "submit", "class", "primary");
        html.close("form");
        return finish(html);
    }

    // BLG000 API連携認証（照会用暗証番号登録）（利用登録）
    static String pins(JourneyService.JourneyView view, Lang lang, @Nullable String error) {
        Journey journey = view.journey();
        Html html = start(lang, "register_pins",
                lang.t("API連携認証（照会用暗証番号登録）（利用登録）", "API authorization (register inquiry PINs)"), error);
        program(html, view.program(), lang);
        html.el("p", lang.t("API連携を行う場合は、現在の照会用暗証番号の登録が必要です。"
                        + "口座も選択し、現在の照会用暗証番号を入力の上、「登録」ボタンを押してください。",
                "To use the API, the current inquiry PIN of each account must be registered. "
                        + "Select the accounts, enter their current inquiry PIN and press \"Register\"."));
        boolean anySelectable = view.accounts().stream().anyMatch(JourneyService.AccountState::selectable);
        if (!anySelectable) {
            html.el("p", lang.t("照会用暗証番号を登録できる口座はありません。「登録」ボタンで登録結果に戻ります。",
                    "No account can be registered now. \"Register\" takes you back to the result."), "class", "info");
        }
        html.open("form", "id", "pins-form", "method", "post", "action", path(journey.id(), Journey.Step.REGISTER_PINS),
                "autocomplete", "off");
        csrf(html, journey);
        html.open("table", "id", "accounts")
                .el("caption", lang.t("口座一覧", "Accounts"))
                .open("thead").open("tr");
        for (String heading : List.of(lang.t("選択", "Select"), lang.t("登録状態", "Status"),
                lang.t("照会用口座", "Account"), lang.t("口座名義", "Holder"),
                lang.t("照会用暗証番号(現在)", "Inquiry PIN (current)"))) {
            html.el("th", heading, "scope", "col");
        }
        html.close("tr").close("thead").open("tbody");
        for (JourneyService.AccountState state : view.accounts()) {
            BankAccount account = state.account();
            String id = account.id().toString();
            String description = describe(account, lang);
            html.open("tr", "data-account", account.branchCode() + "-" + account.accountNumber());
            html.open("td");
            if (state.selectable()) {
                html.open("input", "type", "checkbox", "id", "select-" + id, "name", "account", "value", id)
                        .el("label", lang.t("選択 ", "Select ") + description, "for", "select-" + id, "class", "visually-hidden");
            }
            html.close("td");
            html.el("td", status(state, lang), "id", "status-" + id);
            html.el("th", description, "scope", "row");
            html.el("td", orDash(account.holderName()));
            html.open("td");
            if (state.selectable()) {
                html.el("label", lang.t("照会用暗証番号 ", "Inquiry PIN of ") + description, "for", "pin-" + id,
                                "class", "visually-hidden")
                        .open("input", "type", "password", "id", "pin-" + id, "name", "pin_" + id,
                                "inputmode", "numeric", "pattern", "[0-9]{4}", "maxlength", "4", "size", "6",
                                "autocomplete", "off");
            } else {
                html.text("-");
            }
            html.close("td");
            html.close("tr");
        }
        html.close("tbody").close("table");
        html.open("ul", "class", "notes")
                .el("li", lang.t("※登録状態欄に\"*\"が表示されている口座の暗証番号は、認可完了後に有効となります。",
                        "* The PIN of an account marked \"*\" takes effect when the authorization is completed."))
                .el("li", lang.t("※登録した照会用暗証番号は、API連携に対してのみ使用されます。",
                        "* A registered inquiry PIN is used for API access only."))
                .el("li", lang.t("※照会用暗証番号は口座ごとに3回まで入力できます。",
                        "* You can enter the inquiry PIN of each account up to 3 times."))
                .close("ul");
        html.el("button", lang.t("登録", "Register"), "id", "pins-submit", "type", "submit", "class", "primary");
        html.close("form");
        return finish(html);
    }

    // API連携認証（照会用暗証番号登録結果）
    static String pinResult(JourneyService.JourneyView view, Lang lang, @Nullable String error) {
        Journey journey = view.journey();
        Html html = start(lang, "pin_result",
                lang.t("API連携認証（照会用暗証番号登録結果）", "API authorization (inquiry PIN registration result)"), error);
        program(html, view.program(), lang);
        html.open("table", "id", "results")
                .el("caption", lang.t("照会用暗証番号登録結果", "Registration result"))
                .open("thead").open("tr");
        for (String heading : List.of(lang.t("登録状況", "Status"), lang.t("照会用口座", "Account"),
                lang.t("口座メモ", "Memo"), lang.t("照会用暗証番号(現在)", "Inquiry PIN (current)"))) {
            html.el("th", heading, "scope", "col");
        }
        html.close("tr").close("thead").open("tbody");
        for (JourneyService.AccountState state : view.accounts()) {
            BankAccount account = state.account();
            html.open("tr", "data-account", account.branchCode() + "-" + account.accountNumber())
                    .el("td", status(state, lang), "id", "result-status-" + account.id())
                    .el("th", describe(account, lang), "scope", "row")
                    .el("td", orDash(account.memo()))
                    .el("td", state.pinStatus() == JourneyService.PinStatus.REGISTERED_PENDING ? "●●●●" : "-")
                    .close("tr");
        }
        html.close("tbody").close("table");
        html.el("p", lang.t("※登録状況欄に\"*\"が表示されている口座の暗証番号は、認可完了後に有効となります。",
                "* The PIN of an account marked \"*\" takes effect when the authorization is completed."), "class", "notes");
        boolean anySelectable = view.accounts().stream().anyMatch(JourneyService.AccountState::selectable);
        html.open("form", "id", "pin-result-form", "method", "post", "action", path(journey.id(), Journey.Step.PIN_RESULT));
        csrf(html, journey);
        html.open("div", "class", "actions")
                .el("button", lang.t("確定", "Confirm"), "id", "confirm", "type", "submit", "name", "action",
                        "value", "confirm", "class", "primary")
                .el("button", lang.t("照会用暗証番号の追加登録", "Register more inquiry PINs"), "id", "add-more",
                        "type", "submit", "name", "action", "value", "add_more", "disabled", anySelectable ? null : "")
                .close("div");
        html.close("form");
        return finish(html);
    }

    // API連携認証（情報アクセス許可）（利用登録）
    static String consent(JourneyService.JourneyView view, Lang lang, @Nullable String error) {
        Journey journey = view.journey();
        PartnerProgram program = view.program();
        Html html = start(lang, "consent",
                lang.t("API連携認証（情報アクセス許可）（利用登録）", "API authorization (permit access)"), error);
        program(html, program, lang);
        html.open("section", "id", "statement", "class", "notice", "aria-labelledby", "statement-title")
                .el("h2", lang.t("意思確認", "Confirmation"), "id", "statement-title")
                .el("p", lang.t("お客様は、API連携先「" + programLabel(program) + "」が、以下の認可対象の業務について、"
                                + "以下の口座の情報にアクセスすることを許可します。",
                        "You permit the partner service " + programLabel(program)
                                + " to access the information of the accounts below for the services below."))
                .el("p", lang.t("許可した内容は、API連携先に提供された後はお客様ご自身の責任において管理されます。"
                                + "許可はいつでも取り消すことができます。",
                        "Once provided, the information is handled under your own responsibility. "
                                + "You can withdraw the permission at any time."))
                .close("section");
        html.el("h2", lang.t("認可対象", "Services"));
        html.open("ul", "id", "scopes");
        for (String scope : view.selectedScopes()) {
            html.el("li", Scopes.label(scope, lang == Lang.JA), "data-scope", scope);
        }
        html.close("ul");
        if (JourneyService.hasBankScope(view.selectedScopes())) {
            html.el("h2", lang.t("対象口座", "Accounts"));
            List<JourneyService.AccountState> covered = view.accounts().stream()
                    .filter(JourneyService.AccountState::covered).toList();
            if (covered.isEmpty()) {
                html.el("p", lang.t("照会用暗証番号が登録された口座がないため、口座情報は提供されません。",
                        "No account has a registered inquiry PIN, so no account information will be provided."),
                        "id", "no-accounts", "class", "info");
            } else {
                html.open("ul", "id", "accounts");
                for (JourneyService.AccountState state : covered) {
                    BankAccount account = state.account();
                    html.el("li", describe(account, lang), "data-account", account.branchCode() + "-" + account.accountNumber());
                }
                html.close("ul");
            }
        }
        html.el("p", lang.t("意思確認をご一読のうえ、API連携先からのお客様口座情報へのアクセスを許可する場合は、"
                        + "「許可手続きを継続する」を選択し、「許可」ボタンをクリックしてください。",
                "After reading the confirmation, to permit access tick \"Continue with the permission\" and press "
                        + "\"Permit\"."));
        html.open("div", "class", "actions");
        html.open("form", "id", "permit-form", "method", "post", "action", path(journey.id(), Journey.Step.CONSENT));
        csrf(html, journey);
        html.open("div", "class", "choice")
                .open("input", "type", "checkbox", "id", "continue", "name", "continue", "value", "yes", "required", "")
                .el("label", lang.t("許可手続きを継続する", "Continue with the permission"), "for", "continue")
                .close("div");
        html.el("button", lang.t("許可", "Permit"), "id", "permit", "type", "submit", "name", "decision",
                "value", "permit", "class", "primary");
        html.close("form");
        html.open("form", "id", "deny-form", "method", "post", "action", path(journey.id(), Journey.Step.CONSENT));
        csrf(html, journey);
        html.el("button", lang.t("拒否", "Deny"), "id", "deny", "type", "submit", "name", "decision", "value", "deny");
        html.close("form");
        html.close("div");
        return finish(html);
    }

    static String completed(Lang lang) {
        Html html = start(lang, "completed", lang.t("API連携認証の手続きは完了しています", "This authorization is complete"), null);
        html.el("p", lang.t("このページを閉じて、API連携先のサービスに戻ってください。",
                "Please close this page and return to the partner service."));
        return finish(html);
    }

    /** A page that ends the journey for this browser: not found, expired, or another browser's. */
    static String message(Lang lang, String titleJa, String titleEn, String textJa, String textEn) {
        Html html = start(lang, "error", lang.t(titleJa, titleEn), null);
        html.el("p", lang.t(textJa, textEn), "id", "message");
        return finish(html);
    }

    private static Html start(Lang lang, String step, String title, @Nullable String error) {
        Html html = new Html().raw("<!DOCTYPE html>")
                .open("html", "lang", lang.tag())
                .open("head")
                .open("meta", "charset", "utf-8")
                .open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .el("title", title)
                .open("link", "rel", "stylesheet", "href", STYLESHEET)
                .close("head")
                .open("body", "data-step", step)
                .open("header").el("p", lang.t("Renkei API連携", "Renkei API authorization"), "class", "brand").close("header")
                .open("main")
                .el("h1", title, "id", "page-title");
        if (knownError(error)) {
            String[] text = ERRORS.get(error);
            html.el("p", lang == Lang.JA ? text[0] : text[1], "id", "error", "role", "alert", "class", "error",
                    "data-error", error);
        }
        return html;
    }

    private static String finish(Html html) {
        return html.close("main").close("body").close("html").toString();
    }

    private static void program(Html html, PartnerProgram program, Lang lang) {
        html.open("p", "class", "program")
                .text(lang.t("API連携先: ", "Partner service: "))
                .el("strong", programLabel(program), "id", "program")
                .close("p");
    }

    private static void csrf(Html html, Journey journey) {
        html.open("input", "type", "hidden", "name", "csrf_token", "value", journey.csrfToken());
    }

    private static void field(Html html, String id, String label, String type, String name, String autocomplete,
                              int maxLength) {
        html.open("div", "class", "field")
                .el("label", label, "for", id)
                .open("input", "type", type, "id", id, "name", name, "autocomplete", autocomplete, "required", "",
                        "maxlength", String.valueOf(maxLength))
                .close("div");
    }

    /** 「API連携先サービス名(提供会社名)」 */
    private static String programLabel(PartnerProgram program) {
        return program.name() + "(" + program.companyName() + ")";
    }

    /** As the seed writes an account: インターネット支店(001) 普通 2000002. */
    static String describe(BankAccount account, Lang lang) {
        String type = switch (account.type()) {
            case ORDINARY -> lang.t("普通", "Ordinary");
            case CURRENT -> lang.t("当座", "Current");
        };
        return account.branchName() + "(" + account.branchCode() + ") " + type + " " + account.accountNumber();
    }

    private static String status(JourneyService.AccountState state, Lang lang) {
        return switch (state.pinStatus()) {
            case REGISTERED -> lang.t("登録済み", "Registered");
            case REGISTERED_PENDING -> lang.t("登録済み*", "Registered*");
            case UNREGISTERED -> {
                if (state.failures() == 0) {
                    yield lang.t("未登録", "Not registered");
                }
                if (!state.selectable()) {
                    yield lang.t("未登録（暗証番号の入力回数が上限に達しました）",
                            "Not registered (no PIN attempts left)");
                }
                yield lang.t("未登録（暗証番号が正しくありません。残り" + state.attemptsLeft() + "回）",
                        "Not registered (wrong PIN; " + state.attemptsLeft() + " attempts left)");
            }
        };
    }

    private static String orDash(@Nullable String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
