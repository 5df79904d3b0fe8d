package dev.renkei.server.consent;

import dev.renkei.server.shared.web.PageLanguage;

import dev.renkei.server.consent.JourneyPages.Lang;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The consent journey as server-rendered pages (seed 002), one per step, each a thin shell
 * around {@link JourneyService}: the same checks as the JSON journey API, no other way in.
 * <p>
 * Post-redirect-get throughout: every POST answers 303, to the next page, back to the same page
 * with {@code ?error=<code>}, or at the end to the program's redirect URI. A GET of a page that
 * is not the current step's sends the browser to the current step's page, so Back and Refresh
 * never break the journey; a completed journey shows a closing page rather than repeating the
 * authorization response (a code sent twice would revoke the program's tokens). Pages are never
 * cached, never framed, send no Referer (the URL holds the journey ID) and may post forms only
 * to this server and, at the end, to the program's redirect origin.
 */
@Controller("/consent")
@Secured(SecurityRule.IS_ANONYMOUS)
public class JourneyPageController {

    private static final Pattern JOURNEY_ID = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final Pattern PIN = Pattern.compile("[0-9]{4}");
    private static final MediaType HTML = MediaType.of("text/html;charset=utf-8");

    private final JourneyService service;
    private final JourneyCookies cookies;
    private final String stylesheet;

    /** One POST: returns where the browser goes next. */
    @FunctionalInterface
    private interface Action {
        MutableHttpResponse<String> run(@Nullable String session);
    }

    public JourneyPageController(JourneyService service, JourneyCookies cookies) {
        this.service = service;
        this.cookies = cookies;
        this.stylesheet = resource("consent-pages/journey.css");
    }

    @Get("/assets/journey.css")
    @Produces("text/css;charset=utf-8")
    public HttpResponse<String> stylesheet() {
        return HttpResponse.ok(stylesheet).header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff");
    }

    @Get("/{journeyId}/login")
    @Produces("text/html")
    public HttpResponse<String> loginPage(HttpRequest<?> request, @PathVariable String journeyId,
                                          @Nullable @QueryValue String error) {
        return show(request, journeyId, Journey.Step.LOGIN, error);
    }

    @Post("/{journeyId}/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/html")
    public HttpResponse<String> logIn(HttpRequest<?> request, @PathVariable String journeyId, @Nullable @Body String body) {
        Map<String, List<String>> form = parse(body);
        String loginId = first(form, "login_id");
        String password = first(form, "password");
        return act(request, journeyId, Journey.Step.LOGIN, "invalid", session -> {
            if (isBlank(loginId) || isBlank(password)) {
                return again(journeyId, Journey.Step.LOGIN, "login_required");
            }
            JourneyService.LoggedIn loggedIn = service.logIn(journeyId, first(form, "csrf_token"), loginId, password);
            Journey journey = loggedIn.view().journey();
            return seeOther(JourneyPages.path(journeyId, journey.step()))
                    .cookie(cookies.create(request, loggedIn.session(), journey.expiresAt()));
        });
    }

    @Get("/{journeyId}/services")
    @Produces("text/html")
    public HttpResponse<String> servicesPage(HttpRequest<?> request, @PathVariable String journeyId,
                                             @Nullable @QueryValue String error) {
        return show(request, journeyId, Journey.Step.SELECT_SERVICES, error);
    }

    @Post("/{journeyId}/services")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/html")
    public HttpResponse<String> selectServices(HttpRequest<?> request, @PathVariable String journeyId,
                                               @Nullable @Body String body) {
        Map<String, List<String>> form = parse(body);
        List<String> scopes = form.getOrDefault("scope", List.of());
        return act(request, journeyId, Journey.Step.SELECT_SERVICES, "no_selection", session -> {
            if (scopes.isEmpty()) {
                return again(journeyId, Journey.Step.SELECT_SERVICES, "no_selection");
            }
            JourneyService.JourneyView view = service.selectServices(journeyId, session, first(form, "csrf_token"), scopes);
            return seeOther(JourneyPages.path(journeyId, view.journey().step()));
        });
    }

    @Get("/{journeyId}/pins")
    @Produces("text/html")
    public HttpResponse<String> pinsPage(HttpRequest<?> request, @PathVariable String journeyId,
                                         @Nullable @QueryValue String error) {
        return show(request, journeyId, Journey.Step.REGISTER_PINS, error);
    }

    @Post("/{journeyId}/pins")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/html")
    public HttpResponse<String> registerPins(HttpRequest<?> request, @PathVariable String journeyId,
                                             @Nullable @Body String body) {
        Map<String, List<String>> form = parse(body);
        return act(request, journeyId, Journey.Step.REGISTER_PINS, "no_account", session -> {
            List<JourneyService.PinEntry> entries = new ArrayList<>();
            for (String account : form.getOrDefault("account", List.of())) {
                UUID id;
                try {
                    id = UUID.fromString(account);
                } catch (IllegalArgumentException e) {
                    return again(journeyId, Journey.Step.REGISTER_PINS, "invalid");
                }
                String pin = first(form, "pin_" + id);
                if (pin == null || !PIN.matcher(pin).matches()) {
                    return again(journeyId, Journey.Step.REGISTER_PINS, "pin_format");
                }
                if (entries.stream().noneMatch(e -> e.accountId().equals(id))) {
                    entries.add(new JourneyService.PinEntry(id, pin));
                }
            }
            service.registerPins(journeyId, session, first(form, "csrf_token"), entries);
            return seeOther(JourneyPages.path(journeyId, Journey.Step.PIN_RESULT));
        });
    }

    @Get("/{journeyId}/pins/result")
    @Produces("text/html")
    public HttpResponse<String> pinResultPage(HttpRequest<?> request, @PathVariable String journeyId,
                                              @Nullable @QueryValue String error) {
        return show(request, journeyId, Journey.Step.PIN_RESULT, error);
    }

    /** 確定 ({@code action=confirm}) or 照会用暗証番号の追加登録 ({@code action=add_more}). */
    @Post("/{journeyId}/pins/result")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/html")
    public HttpResponse<String> finishPins(HttpRequest<?> request, @PathVariable String journeyId,
                                           @Nullable @Body String body) {
        Map<String, List<String>> form = parse(body);
        String action = first(form, "action");
        return act(request, journeyId, Journey.Step.PIN_RESULT, "invalid", session -> {
            String csrf = first(form, "csrf_token");
            JourneyService.JourneyView view;
            if ("confirm".equals(action)) {
                view = service.confirmPins(journeyId, session, csrf);
            } else if ("add_more".equals(action)) {
                view = service.addMorePins(journeyId, session, csrf);
            } else {
                return again(journeyId, Journey.Step.PIN_RESULT, "invalid");
            }
            return seeOther(JourneyPages.path(journeyId, view.journey().step()));
        });
    }

    @Get("/{journeyId}/consent")
    @Produces("text/html")
    public HttpResponse<String> consentPage(HttpRequest<?> request, @PathVariable String journeyId,
                                            @Nullable @QueryValue String error) {
        return show(request, journeyId, Journey.Step.CONSENT, error);
    }

    /** 許可 ({@code decision=permit}, with 「許可手続きを継続する」 ticked) or 拒否 ({@code decision=deny}). */
    @Post("/{journeyId}/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/html")
    public HttpResponse<String> decide(HttpRequest<?> request, @PathVariable String journeyId, @Nullable @Body String body) {
        Map<String, List<String>> form = parse(body);
        String decision = first(form, "decision");
        return act(request, journeyId, Journey.Step.CONSENT, "invalid", session -> {
            JourneyService.Decision value;
            if ("permit".equals(decision)) {
                if (!"yes".equals(first(form, "continue"))) {
                    return again(journeyId, Journey.Step.CONSENT, "continue_required");
                }
                value = JourneyService.Decision.PERMIT;
            } else if ("deny".equals(decision)) {
                value = JourneyService.Decision.DENY;
            } else {
                return again(journeyId, Journey.Step.CONSENT, "invalid");
            }
            return seeOther(service.decide(journeyId, session, first(form, "csrf_token"), value));
        });
    }

    private HttpResponse<String> show(HttpRequest<?> request, String journeyId, Journey.Step step, @Nullable String error) {
        Lang lang = lang(request);
        if (!JOURNEY_ID.matcher(journeyId).matches()) {
            return notFound(lang);
        }
        JourneyService.JourneyView view;
        try {
            view = service.read(journeyId, JourneyCookies.read(request));
        } catch (ProblemException problem) {
            return failure(lang, problem);
        }
        Journey journey = view.journey();
        if (journey.step() == Journey.Step.COMPLETED) {
            return page(HttpStatus.OK, JourneyPages.completed(lang), null);
        }
        if (journey.step() != step) {
            return seeOther(JourneyPages.path(journeyId, journey.step()));
        }
        String html = switch (step) {
            case LOGIN -> JourneyPages.login(view, lang, error);
            case SELECT_SERVICES -> JourneyPages.services(view, lang, error);
            case REGISTER_PINS -> JourneyPages.pins(view, lang, error);
            case PIN_RESULT -> JourneyPages.pinResult(view, lang, error);
            case CONSENT, COMPLETED -> JourneyPages.consent(view, lang, error);
        };
        return page(HttpStatus.OK, html, origin(journey.redirectUri()));
    }

    /** Runs a POST; problems become a redirect to the right page, or an error page that ends it. */
    private HttpResponse<String> act(HttpRequest<?> request, String journeyId, Journey.Step step, String invalidCode,
                                     Action action) {
        Lang lang = lang(request);
        if (!JOURNEY_ID.matcher(journeyId).matches()) {
            return notFound(lang);
        }
        try {
            return action.run(JourneyCookies.read(request));
        } catch (JourneyStepException wrongStep) {
            return seeOther(JourneyPages.path(journeyId, wrongStep.currentStep()));
        } catch (ProblemException problem) {
            return switch (problem.type()) {
                // A page older than the journey's CSRF token (another tab logged in, say): show it afresh.
                case CSRF_TOKEN_INVALID -> again(journeyId, step, "stale");
                case VALIDATION_FAILED -> again(journeyId, step, invalidCode);
                case INVALID_CREDENTIALS -> again(journeyId, Journey.Step.LOGIN, "invalid_credentials");
                case ACCOUNT_LOCKED -> again(journeyId, Journey.Step.LOGIN, "account_locked");
                case SIGN_IN_PROHIBITED -> again(journeyId, Journey.Step.LOGIN, "sign_in_prohibited");
                default -> failure(lang, problem);
            };
        }
    }

    private MutableHttpResponse<String> failure(Lang lang, ProblemException problem) {
        return switch (problem.type()) {
            case NOT_FOUND -> notFound(lang);
            case JOURNEY_EXPIRED -> page(HttpStatus.GONE, JourneyPages.message(lang,
                    "API連携認証の有効期限が切れました", "This authorization has expired",
                    "API連携認証は開始から10分間有効です。お手数ですが、API連携先のサービスから最初からやり直してください。",
                    "An authorization is valid for 10 minutes. Please start again from the partner service."), null);
            case AUTHENTICATION_REQUIRED -> page(HttpStatus.UNAUTHORIZED, JourneyPages.message(lang,
                    "このブラウザでは続けられません", "This browser cannot continue",
                    "API連携認証は、ログインしたブラウザで続けてください。",
                    "Please continue this authorization in the browser where you logged in."), null);
            default -> page(HttpStatus.BAD_REQUEST, JourneyPages.message(lang,
                    "API連携認証を続けられません", "The authorization cannot continue",
                    "お手数ですが、API連携先のサービスから最初からやり直してください。",
                    "Please start again from the partner service."), null);
        };
    }

    private MutableHttpResponse<String> notFound(Lang lang) {
        return page(HttpStatus.NOT_FOUND, JourneyPages.message(lang,
                "API連携認証が見つかりません", "Authorization not found",
                "URLに誤りがあるか、手続きが終了しています。API連携先のサービスから最初からやり直してください。",
                "The address is wrong or the authorization has ended. Please start again from the partner service."), null);
    }

    private static MutableHttpResponse<String> again(String journeyId, Journey.Step step, String errorCode) {
        return seeOther(JourneyPages.path(journeyId, step) + "?error=" + errorCode);
    }

    private static MutableHttpResponse<String> seeOther(String location) {
        return hardened(HttpResponse.<String>status(HttpStatus.SEE_OTHER).header("Location", location), null);
    }

    private static MutableHttpResponse<String> page(HttpStatus status, String html, @Nullable String redirectOrigin) {
        return hardened(HttpResponse.<String>status(status).contentType(HTML).body(html), redirectOrigin);
    }

    /**
     * Forms may post to this server only, and the consent form on to the program's redirect
     * origin (browsers apply form-action to the redirect that follows the POST).
     */
    private static MutableHttpResponse<String> hardened(MutableHttpResponse<String> response, @Nullable String redirectOrigin) {
        return response
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on
                // the form posts, which the server's CORS handling refuses; the journey id still
                // never leaks to the partner, since nothing is sent cross-origin.
                .header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", "default-src 'self'; form-action 'self'"
                        + (redirectOrigin == null ? "" : " " + redirectOrigin)
                        + "; frame-ancestors 'none'; base-uri 'none'");
    }

    @Nullable
    private static String origin(String redirectUri) {
        try {
            URI uri = URI.create(redirectUri);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Lang lang(HttpRequest<?> request) {
        return PageLanguage.prefersEnglish(request) ? Lang.EN : Lang.JA;
    }

    /** application/x-www-form-urlencoded, keeping repeated names (checkbox groups) in order. */
    static Map<String, List<String>> parse(@Nullable String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // A malformed escape: drop the pair; the step then refuses the incomplete form.
            }
        }
        return form;
    }

    @Nullable
    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static String resource(String path) {
        try (InputStream in = JourneyPageController.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
