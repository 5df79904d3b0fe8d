package dev.renkei.server.resource.bank;

import dev.renkei.server.consent.BankAccount;
import dev.renkei.server.consent.BankAccountRepository;
import dev.renkei.server.consent.Consent;
import dev.renkei.server.consent.ConsentRepository;
import dev.renkei.server.consent.Journey;
import dev.renkei.server.oauth.AuthorizationCodes;
import dev.renkei.server.program.DemoPrograms;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What the bank inquiry tests need beside the API: consents covering chosen bank accounts (the
 * result of a permitted consent journey, without its pages), authorization codes for them, and
 * bank accounts and transactions of other customers.
 */
@Singleton
public class BankFixtures {

    public static final List<String> BANK_SCOPES = List.of("accounts:read", "transactions:read");

    private final PartnerProgramRepository programs;
    private final ConsentRepository consents;
    private final BankAccountRepository bankAccounts;
    private final BankInquiryRepository inquiries;
    private final AuthorizationCodes codes;
    private final BankTransactionGenerator generator;
    private final Clock clock;

    public BankFixtures(PartnerProgramRepository programs, ConsentRepository consents, BankAccountRepository bankAccounts,
                        BankInquiryRepository inquiries, AuthorizationCodes codes, BankTransactionGenerator generator,
                        Clock clock) {
        this.programs = programs;
        this.consents = consents;
        this.bankAccounts = bankAccounts;
        this.inquiries = inquiries;
        this.codes = codes;
        this.generator = generator;
        this.clock = clock;
    }

    /** The customer's consent to the demo program for these accounts; an earlier active one is revoked, as the journey does. */
    @Transactional
    public UUID consent(UUID customer, List<UUID> bankAccountIds) {
        PartnerProgram program = programs.findByClientId(DemoPrograms.CLIENT_ID).orElseThrow();
        Instant now = clock.instant();
        consents.findActive(customer, program.id()).forEach(earlier -> consents.revoke(earlier.id(), now));
        Consent consent = new Consent(Ids.newId(), customer, program.id(), BANK_SCOPES, bankAccountIds, now, null, null);
        consents.insert(consent);
        return consent.id();
    }

    @Transactional
    public void revoke(UUID consentId) {
        consents.revoke(consentId, clock.instant());
    }

    /** A fresh authorization code for the consent, bound to the demo program's first redirect URI and the challenge. */
    @Transactional
    public String code(UUID consentId, String codeChallenge) {
        Consent consent = consents.find(consentId).orElseThrow();
        Instant now = clock.instant();
        Journey journey = new Journey(SecretTokens.randomBase62(32), consent.programId(), DemoPrograms.REDIRECT_URIS.get(0),
                "st", consent.scopes(), null, codeChallenge, Journey.Step.CONSENT, consent.accountId(),
                SecretTokens.randomBase62(32), List.of(), Map.of(), now, now.plus(Duration.ofMinutes(10)), null);
        String location = codes.issue(journey, consent);
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no code in " + location);
    }

    @Transactional(readOnly = true)
    public List<BankAccount> accountsOf(UUID customer) {
        return bankAccounts.listByOwner(customer);
    }

    /** A bank account of the customer with the given balance and no history. */
    @Transactional
    public UUID addBankAccount(UUID owner, String branchCode, String number, long balance) {
        UUID id = Ids.newId();
        bankAccounts.insert(new BankAccount(id, owner, "テスト支店", branchCode, BankAccount.Type.ORDINARY, number, null, null,
                "not-a-pin-hash", balance, null, clock.instant()));
        return id;
    }

    @Transactional
    public void addTransactions(List<AccountTransaction> rows) {
        inquiries.insertTransactions(rows, clock.instant());
    }

    /** Runs the bank generator again, as the data loader would on a later start. */
    @Transactional
    public void generate(ResourceVolume volume) {
        generator.generate(volume, new SplittableRandom(7));
    }
}
