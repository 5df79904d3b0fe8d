package dev.renkei.client.examples;

import dev.renkei.client.AuthenticationException;
import dev.renkei.client.OAuthTokens;
import dev.renkei.client.Pages;
import dev.renkei.client.RenkeiClient;
import dev.renkei.client.TokenListener;
import dev.renkei.client.resource.api.BankAccountsApi;
import dev.renkei.client.resource.model.BankAccount;
import dev.renkei.client.resource.model.BankAccountPage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A partner program (the seed's household-budget app) that holds a customer's consent: OAuth
 * tokens that the client refreshes by itself, the rotated refresh token persisted on every
 * refresh, and the account inquiry (連携照会) of the accounts the consent covers.
 *
 * <pre>
 * java dev.renkei.client.examples.OAuthExample [base-url] [client-id] [client-secret] [access-token] [refresh-token] [token-file]
 * </pre>
 * Each argument may instead come from {@code RENKEI_BASE_URL}, {@code RENKEI_CLIENT_ID},
 * {@code RENKEI_CLIENT_SECRET} (empty for a public program), {@code RENKEI_ACCESS_TOKEN},
 * {@code RENKEI_REFRESH_TOKEN} and {@code RENKEI_TOKEN_FILE} (default {@code renkei-refresh-token.txt}),
 * where each new refresh token is written.
 */
public final class OAuthExample {

    private OAuthExample() {
    }

    /**
     * @param args optional base URL, client ID, client secret, access token, refresh token, token file
     */
    public static void main(String[] args) {
        URI baseUrl = URI.create(QuickstartExample.arg(args, 0, "RENKEI_BASE_URL", "http://localhost:8080"));
        String clientId = QuickstartExample.arg(args, 1, "RENKEI_CLIENT_ID", "rnk_ci_demokakeibo000000001");
        String clientSecret = QuickstartExample.arg(args, 2, "RENKEI_CLIENT_SECRET", null);
        String accessToken = QuickstartExample.arg(args, 3, "RENKEI_ACCESS_TOKEN", null);
        String refreshToken = QuickstartExample.arg(args, 4, "RENKEI_REFRESH_TOKEN", null);
        Path tokenFile = Path.of(QuickstartExample.arg(args, 5, "RENKEI_TOKEN_FILE", "renkei-refresh-token.txt"));
        if (accessToken == null || refreshToken == null) {
            throw new IllegalArgumentException("Pass the access and refresh tokens of a consent (arguments 4 and 5)");
        }

        // tag::oauth-refresh[]
        // Renkei rotates the refresh token on every refresh and the old one stops working:
        // persist each new one before using the client again (write-then-rename keeps the file whole).
        TokenListener persist = tokens -> {
            try {
                Path next = tokenFile.resolveSibling(tokenFile.getFileName() + ".new");
                Files.writeString(next, tokens.refreshToken(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(next, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not persist the rotated refresh token", e);
            }
        };
        RenkeiClient client = RenkeiClient.builder()
                .baseUrl(baseUrl)
                .oauth(clientId, clientSecret, accessToken, refreshToken, persist)   // secret null: public program
                .build();
        // end::oauth-refresh[]

        BankAccountsApi bank = client.api(BankAccountsApi.class);
        try {
            for (BankAccount account : Pages.iterable(cursor -> bank.listBankAccounts(200, cursor),
                    BankAccountPage::getItems, BankAccountPage::getNextCursor)) {
                System.out.println(account.getBranchName() + " " + account.getAccountType() + " " + account.getAccountNumber()
                        + ": " + account.getBalance() + " " + account.getCurrency());
            }
        } catch (AuthenticationException e) {
            // The refresh token no longer works (consent revoked, or family revoked after a reuse):
            // send the customer through the authorization again.
            System.out.println("Authorization needed again: " + e.type() + " (request id " + e.requestId() + ")");
            return;
        }
        OAuthTokens now = client.oauthTokens();
        System.out.println("Access token valid until " + now.expiresAt() + " for scopes " + now.scope());
    }
}
