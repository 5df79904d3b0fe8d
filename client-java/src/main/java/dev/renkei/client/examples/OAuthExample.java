package dev.renkei.client.examples;

import dev.renkei.client.resource.ApiClient;
import dev.renkei.client.resource.ApiException;
import dev.renkei.client.resource.api.BankAccountsApi;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A partner program holding OAuth tokens from the consent journey: calls the Resource API with
 * the access token and, when it expires, exchanges the refresh token for a new pair (the refresh
 * token rotates: always keep the newest). Arguments: base URL, client id, client secret, access
 * token, refresh token.
 */
public final class OAuthExample {

    private OAuthExample() {
    }

    public static void main(String[] args) throws ApiException, IOException, InterruptedException {
        String baseUrl = args[0];
        String clientId = args[1];
        String clientSecret = args[2];
        AtomicReference<String> accessToken = new AtomicReference<>(args[3]);
        String refreshToken = args[4];

        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken.get()));
        BankAccountsApi accounts = new BankAccountsApi(client);

        // tag::oauth-refresh[]
        String form = "grant_type=refresh_token&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString(
                (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = client.getHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        // The answer holds a new access token and a new refresh token: the old refresh token is spent.
        var tokens = client.getObjectMapper().readTree(response.body());
        accessToken.set(tokens.path("access_token").asText());
        // end::oauth-refresh[]

        System.out.println(accounts.listBankAccounts(null, null).getItems().size() + " accounts");
    }
}
