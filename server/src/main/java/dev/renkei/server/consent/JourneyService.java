package dev.renkei.server.consent;

import dev.renkei.server.account.Account;
import dev.renkei.server.account.AccountRepository;
import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.oauth.AuthorizationCodes;
import dev.renkei.server.oauth.Scopes;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.PasswordHasher;
import dev.renkei.server.token.ApiTokenCache;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The consent journey of seed 002 (API連携認証（利用登録）): login (BLG004) → service selection
 * (BLG002) → inquiry-PIN registration (BLG000) and its result → the decision (情報アクセス許可),
 * ending in the authorization response of
 * <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2">RFC 6749 §4.1.2</a> (with
 * {@code iss}, <a href="https://www.rfc-editor.org/rfc/rfc9207">RFC 9207</a>).
 * <p>
 * Every operation locks the journey row, then checks in this order: the journey exists (404),
 * has not expired (410 {@code journey-expired}), comes from the browser that logged in (401
 * {@code authentication-required}, once logged in), carries the journey's CSRF token (403
 * {@code csrf-token-invalid}) and belongs to the current step (409 {@code journey-step-invalid}).
 * The JSON journey API and the HTML pages both go through this class: there is no other way to
 * move a journey.
 */
@Singleton
public class JourneyService {

    /** Wrong inquiry PINs per account and journey before PIN entry for the account locks. */
    public static final int PIN_ATTEMPTS = 3;

    private static final Pattern PIN = Pattern.compile("[0-9]{4}");

    /** Inquiry-PIN state of an account within a journey (登録状態). */
    public enum PinStatus { UNREGISTERED, REGISTERED, REGISTERED_PENDING }

    /** What happened to one PIN entry. */
    public enum PinOutcome { REGISTERED, WRONG_PIN, ATTEMPTS_EXHAUSTED, ALREADY_REGISTERED, NOT_SELECTABLE }

    public enum Decision { PERMIT, DENY }

    /** One of the customer's accounts as the PIN and consent pages show it. */
    public record AccountState(BankAccount account, PinStatus pinStatus, boolean selectable,
                               @Nullable Integer attemptsLeft, int failures) {

        /** Covered by a consent permitted now (registered or registered in this journey). */
        public boolean covered() {
            return pinStatus != PinStatus.UNREGISTERED;
        }
    }

    /**
     * A journey with what its pages need. {@code accounts} is empty before login and while no bank
     * scope is selected; {@code redirectTo} is set once completed, for the browser that logged in.
     */
    public record JourneyView(Journey journey, PartnerProgram program, List<AccountState> accounts,
                              @Nullable String redirectTo) {

        public List<String> selectedScopes() {
            return journey.selectedScopes() == null ? List.of() : journey.selectedScopes();
        }
    }

    /** A successful login: the journey at its next step and the session cookie's value. */
    public record LoggedIn(JourneyView view, String session) {
    }

    public record PinEntry(UUID accountId, String pin) {
    }

    public record PinResult(UUID accountId, PinOutcome outcome) {
    }

    public record PinRegistration(JourneyView view, List<PinResult> results) {
    }

    private final JourneyRepository journeys;
    private final PartnerProgramRepository programs;
    private final AccountRepository accounts;
    private final BankAccountRepository bankAccounts;
    private final ConsentRepository consents;
    private final PasswordHasher hasher;
    private final AuthorizationCodes codes;
    private final AuditLog audit;
    private final ApiTokenCache tokenCache;
    private final Clock clock;
    private final int maxFailedSignIns;
    // Verifying against a real hash when the login ID is unknown keeps response times alike.
    private final String decoyHash;

    public JourneyService(JourneyRepository journeys, PartnerProgramRepository programs, AccountRepository accounts,
                          BankAccountRepository bankAccounts, ConsentRepository consents, PasswordHasher hasher,
                          AuthorizationCodes codes, AuditLog audit, ApiTokenCache tokenCache, Clock clock,
                          @Value("${renkei.sign-in.max-failed-attempts:5}") int maxFailedSignIns) {
        this.journeys = journeys;
        this.programs = programs;
        this.accounts = accounts;
        this.bankAccounts = bankAccounts;
        this.consents = consents;
        this.hasher = hasher;
        this.codes = codes;
        this.audit = audit;
        this.tokenCache = tokenCache;
        this.clock = clock;
        this.maxFailedSignIns = maxFailedSignIns;
        this.decoyHash = hasher.hash("decoy password, never matches a real one");
    }

    /**
     * The journey as its pages need it. Before login the journey ID alone identifies it; after
     * login the session cookie of the browser that logged in is required too.
     */
    @Transactional(readOnly = true)
    public JourneyView read(String journeyId, @Nullable String session) {
        Journey journey = journeys.find(journeyId).orElseThrow(JourneyService::unknown);
        checkAlive(journey);
        checkSession(journey, session);
        return view(journey, session);
    }

    /**
     * Step {@code login} (BLG004): login ID and password, sharing sign-in's lockout (5 consecutive
     * failures lock the account). Temporary-use and general-use prohibited accounts may not grant
     * access. Success binds the journey to a new session cookie and renews the CSRF token.
     * Failures are committed although the call ends in a problem: they count towards lockout.
     */
    @Transactional(noRollbackFor = ProblemException.class)
    public LoggedIn logIn(String journeyId, @Nullable String csrfToken, String loginId, String password) {
        Journey journey = open(journeyId, null, csrfToken, Journey.Step.LOGIN, false);
        Account account = authenticate(loginId, password);
        String session = JourneySecrets.newSession();
        Journey next = journey.loggedIn(account.id(), JourneySecrets.hash(session), JourneySecrets.newCsrfToken());
        if (next.requestedScopes().size() > 1) {
            next = next.withStep(Journey.Step.SELECT_SERVICES);
        } else {
            next = afterSelection(next.withSelectedScopes(next.requestedScopes(), next.step()));
        }
        journeys.update(next);
        return new LoggedIn(view(next, session), session);
    }

    /**
     * Step {@code select_services} (BLG002, 認可対象): a non-empty subset of the requested scopes.
     * The PIN pages follow when a bank scope is selected and some account lacks a registered PIN.
     */
    @Transactional
    public JourneyView selectServices(String journeyId, @Nullable String session, @Nullable String csrfToken,
                                      Collection<String> scopes) {
        Journey journey = open(journeyId, session, csrfToken, Journey.Step.SELECT_SERVICES, true);
        if (scopes.isEmpty()) {
            throw ProblemException.invalid("/scopes", "Select at least one service");
        }
        for (String scope : scopes) {
            if (!journey.requestedScopes().contains(scope)) {
                throw ProblemException.invalid("/scopes", "The program did not ask for " + scope);
            }
        }
        // In the order the program asked for them, whatever order the form sent.
        List<String> selected = journey.requestedScopes().stream().filter(scopes::contains).toList();
        Journey next = afterSelection(journey.withSelectedScopes(selected, journey.step()));
        journeys.update(next);
        return view(next, session);
    }

    /**
     * Step {@code register_pins} (BLG000): each entry is checked on its own against the PIN on file
     * at the bank. A match makes the account {@code registered_pending} (登録済み*), kept in the
     * journey until the customer permits; 3 wrong PINs lock PIN entry for the account for the rest
     * of the journey. An empty list is accepted only when no account can be registered any more,
     * so that the customer can always get back to the result page.
     */
    @Transactional
    public PinRegistration registerPins(String journeyId, @Nullable String session, @Nullable String csrfToken,
                                        List<PinEntry> entries) {
        Journey journey = open(journeyId, session, csrfToken, Journey.Step.REGISTER_PINS, true);
        List<BankAccount> owned = bankAccounts.listByOwner(journey.accountId());
        validate(entries, journey, owned);
        Map<UUID, BankAccount> byId = new HashMap<>();
        owned.forEach(a -> byId.put(a.id(), a));
        List<UUID> pending = new ArrayList<>(journey.pendingPinAccounts());
        Map<String, Integer> failures = new LinkedHashMap<>(journey.pinFailures());
        List<PinResult> results = new ArrayList<>();
        for (PinEntry entry : entries) {
            BankAccount account = byId.get(entry.accountId());
            PinOutcome outcome;
            if (account == null) {
                outcome = PinOutcome.NOT_SELECTABLE;
            } else if (account.pinRegistered() || pending.contains(account.id())) {
                outcome = PinOutcome.ALREADY_REGISTERED;
            } else if (failures.getOrDefault(account.id().toString(), 0) >= PIN_ATTEMPTS) {
                outcome = PinOutcome.ATTEMPTS_EXHAUSTED;
            } else if (hasher.matches(entry.pin(), account.pinHash())) {
                pending.add(account.id());
                outcome = PinOutcome.REGISTERED;
            } else {
                int failed = failures.merge(account.id().toString(), 1, Integer::sum);
                outcome = failed >= PIN_ATTEMPTS ? PinOutcome.ATTEMPTS_EXHAUSTED : PinOutcome.WRONG_PIN;
            }
            results.add(new PinResult(entry.accountId(), outcome));
        }
        Journey next = journey.withPins(List.copyOf(pending), failures, Journey.Step.PIN_RESULT);
        journeys.update(next);
        return new PinRegistration(view(next, session), results);
    }

    /** Step {@code pin_result}, 照会用暗証番号の追加登録: back to the registration page. */
    @Transactional
    public JourneyView addMorePins(String journeyId, @Nullable String session, @Nullable String csrfToken) {
        Journey journey = open(journeyId, session, csrfToken, Journey.Step.PIN_RESULT, true);
        Journey next = journey.withStep(Journey.Step.REGISTER_PINS);
        journeys.update(next);
        return view(next, session);
    }

    /** Step {@code pin_result}, 確定: on to the decision. */
    @Transactional
    public JourneyView confirmPins(String journeyId, @Nullable String session, @Nullable String csrfToken) {
        Journey journey = open(journeyId, session, csrfToken, Journey.Step.PIN_RESULT, true);
        Journey next = journey.withStep(Journey.Step.CONSENT);
        journeys.update(next);
        return view(next, session);
    }

    /**
     * Step {@code consent} (情報アクセス許可). {@code PERMIT} records the consent in one transaction:
     * the customer's earlier active consent to the program is revoked with its tokens, PINs
     * registered in this journey take effect, and an authorization code is issued. {@code DENY}
     * records nothing and discards the pending PINs. Returns where the browser goes: the
     * program's redirect URI with the authorization response (RFC 6749 §4.1.2, §4.1.2.1).
     */
    @Transactional
    public String decide(String journeyId, @Nullable String session, @Nullable String csrfToken, Decision decision) {
        Journey journey = open(journeyId, session, csrfToken, Journey.Step.CONSENT, true);
        Instant now = clock.instant();
        String redirectTo;
        if (decision == Decision.DENY) {
            redirectTo = codes.error(journey.redirectUri(), "access_denied", "The customer denied access", journey.state());
        } else {
            PartnerProgram program = programs.findById(journey.programId()).orElseThrow();
            redirectTo = program.usable()
                    ? permit(journey, program, now)
                    : codes.error(journey.redirectUri(), "unauthorized_client", "The program has been disabled",
                    journey.state());
        }
        // The session is present: open() checked it, since the journey is past login.
        journeys.update(journey.completed(now, JourneySecrets.seal(session, journey.id(), redirectTo)));
        return redirectTo;
    }

    private String permit(Journey journey, PartnerProgram program, Instant now) {
        UUID customer = journey.accountId();
        // Two journeys of one customer permitting at once run one after the other, so exactly
        // one consent per program stays active.
        Account account = accounts.lockByIds(List.of(customer)).get(0);
        List<String> scopes = journey.grantedScopes();
        List<UUID> covered = List.of();
        if (hasBankScope(scopes)) {
            Set<UUID> pending = new HashSet<>(journey.pendingPinAccounts());
            covered = bankAccounts.listByOwner(customer).stream()
                    .filter(a -> a.pinRegistered() || pending.contains(a.id())).map(BankAccount::id).toList();
            bankAccounts.markPinRegistered(customer, journey.pendingPinAccounts(), now);
        }
        for (Consent earlier : consents.findActive(customer, program.id())) {
            consents.revoke(earlier.id(), now);
            audit.recordFor(customer, account.loginId(), AuditAction.CONSENT_REVOKED, "consent", earlier.id(),
                    Map.of("program_id", program.id().toString(), "reason", "superseded"));
        }
        Consent consent = new Consent(Ids.newId(), customer, program.id(), scopes, covered, now, null, null);
        consents.insert(consent);
        audit.recordFor(customer, account.loginId(), AuditAction.CONSENT_GRANTED, "consent", consent.id(),
                Map.of("program_id", program.id().toString(), "client_id", program.clientId(), "scopes", scopes,
                        "bank_account_ids", covered.stream().map(UUID::toString).toList()));
        return codes.issue(journey, consent);
    }

    private Account authenticate(String loginId, String password) {
        Account account = accounts.findLiveByLoginId(loginId).orElse(null);
        String hash = account == null || account.passwordHash() == null ? decoyHash : account.passwordHash();
        boolean passwordMatches = hasher.matches(password, hash) && account != null && account.passwordHash() != null;
        if (!passwordMatches) {
            if (account != null && !account.locked()) {
                int failures = accounts.recordFailedSignIn(account.id(), maxFailedSignIns, clock.instant());
                audit.recordFor(account.id(), account.loginId(), AuditAction.SIGN_IN_FAILED, "account", account.id(),
                        Map.of("consecutive_failures", failures, "via", "authorization_journey"));
                if (failures >= maxFailedSignIns) {
                    tokenCache.evictAccount(account.id());
                    audit.recordFor(null, null, AuditAction.ACCOUNT_LOCKED, "account", account.id(),
                            Map.of("reason", "too_many_failed_sign_ins"));
                }
            }
            throw new ProblemException(ProblemType.INVALID_CREDENTIALS, "The login ID or password is wrong. After "
                    + maxFailedSignIns + " consecutive failures the account is locked.");
        }
        if (account.locked()) {
            throw new ProblemException(ProblemType.ACCOUNT_LOCKED, "This account is locked. Contact the bank to unlock it.");
        }
        if (account.has(AccountFlag.TEMPORARY_USE_PROHIBITED) || account.has(AccountFlag.GENERAL_USE_PROHIBITED)) {
            throw new ProblemException(ProblemType.SIGN_IN_PROHIBITED, "This account may not authorize partner programs.");
        }
        accounts.resetFailedSignIns(account.id());
        audit.recordFor(account.id(), account.loginId(), AuditAction.SIGN_IN_SUCCEEDED, "account", account.id(),
                Map.of("via", "authorization_journey"));
        return account;
    }

    /** After the scopes are known: the PIN pages only when they can register something. */
    private Journey afterSelection(Journey journey) {
        boolean pinsNeeded = hasBankScope(journey.grantedScopes())
                && bankAccounts.listByOwner(journey.accountId()).stream().anyMatch(a -> !a.pinRegistered());
        return journey.withStep(pinsNeeded ? Journey.Step.REGISTER_PINS : Journey.Step.CONSENT);
    }

    private void validate(List<PinEntry> entries, Journey journey, List<BankAccount> owned) {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            PinEntry entry = entries.get(i);
            if (entry.accountId() == null) {
                throw ProblemException.invalid("/entries/" + i + "/account_id", "must not be null");
            }
            if (!seen.add(entry.accountId())) {
                throw ProblemException.invalid("/entries/" + i + "/account_id", "Each account may appear only once");
            }
            if (entry.pin() == null || !PIN.matcher(entry.pin()).matches()) {
                throw ProblemException.invalid("/entries/" + i + "/pin", "The inquiry PIN has 4 digits");
            }
        }
        if (entries.isEmpty() && accountStates(journey, owned).stream().anyMatch(AccountState::selectable)) {
            throw ProblemException.invalid("/entries", "Select at least one account and enter its inquiry PIN");
        }
    }

    /** Locks the journey and runs the checks every operation shares (see the class comment). */
    private Journey open(String journeyId, @Nullable String session, @Nullable String csrfToken, Journey.Step expected,
                         boolean sessionRequired) {
        Journey journey = journeys.findForUpdate(journeyId).orElseThrow(JourneyService::unknown);
        checkAlive(journey);
        if (sessionRequired) {
            checkSession(journey, session);
        }
        if (!JourneySecrets.csrfMatches(journey.csrfToken(), csrfToken)) {
            throw new ProblemException(ProblemType.CSRF_TOKEN_INVALID,
                    "Send the journey's csrf_token in the X-CSRF-Token header.");
        }
        if (journey.step() != expected) {
            throw new JourneyStepException(journey.step(), "The journey is at step " + code(journey.step())
                    + "; this operation belongs to step " + code(expected) + ".");
        }
        return journey;
    }

    private void checkAlive(Journey journey) {
        if (journey.expiredAt(clock.instant())) {
            throw new ProblemException(ProblemType.JOURNEY_EXPIRED, "This authorization expired at " + journey.expiresAt()
                    + ". Start again from the partner's application.");
        }
    }

    private static void checkSession(Journey journey, @Nullable String session) {
        if (journey.loggedIn() && !JourneySecrets.sessionMatches(journey.sessionHash(), session)) {
            throw new ProblemException(ProblemType.AUTHENTICATION_REQUIRED,
                    "Continue this authorization in the browser where you logged in.");
        }
    }

    private JourneyView view(Journey journey, @Nullable String session) {
        PartnerProgram program = programs.findById(journey.programId()).orElseThrow();
        List<AccountState> states = journey.loggedIn() && journey.selectedScopes() != null
                && hasBankScope(journey.selectedScopes())
                ? accountStates(journey, bankAccounts.listByOwner(journey.accountId()))
                : List.of();
        String redirectTo = journey.step() == Journey.Step.COMPLETED
                ? JourneySecrets.open(session, journey.id(), journey.sealedRedirect()).orElse(null)
                : null;
        return new JourneyView(journey, program, states, redirectTo);
    }

    private static List<AccountState> accountStates(Journey journey, List<BankAccount> owned) {
        return owned.stream().map(account -> {
            if (account.pinRegistered()) {
                return new AccountState(account, PinStatus.REGISTERED, false, null, 0);
            }
            if (journey.pendingPinAccounts().contains(account.id())) {
                return new AccountState(account, PinStatus.REGISTERED_PENDING, false, null, 0);
            }
            int failures = journey.pinFailures().getOrDefault(account.id().toString(), 0);
            int left = Math.max(0, PIN_ATTEMPTS - failures);
            return new AccountState(account, PinStatus.UNREGISTERED, left > 0, left, failures);
        }).toList();
    }

    static boolean hasBankScope(Collection<String> scopes) {
        return scopes.stream().anyMatch(Scopes.BANK_SCOPES::contains);
    }

    private static String code(Journey.Step step) {
        return step.name().toLowerCase(Locale.ROOT);
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("The authorization journey");
    }
}
