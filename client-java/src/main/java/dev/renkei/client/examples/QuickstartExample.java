package dev.renkei.client.examples;

import dev.renkei.client.Pages;
import dev.renkei.client.RateLimitedException;
import dev.renkei.client.RenkeiClient;
import dev.renkei.client.RenkeiException;
import dev.renkei.client.resource.api.SpotsApi;
import dev.renkei.client.resource.model.Spot;
import dev.renkei.client.resource.model.SpotCreate;
import dev.renkei.client.resource.model.SpotPage;
import dev.renkei.client.token.api.MeApi;
import dev.renkei.client.token.model.Me;

import java.net.URI;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A batch program with a personal API token: who am I, every spot (paged), and a new spot created
 * safely with an {@code Idempotency-Key}.
 *
 * <pre>
 * java dev.renkei.client.examples.QuickstartExample [base-url] [api-token]
 * </pre>
 * Without arguments it reads {@code RENKEI_BASE_URL} (default {@code http://localhost:8080}) and
 * {@code RENKEI_API_TOKEN}.
 */
public final class QuickstartExample {

    private QuickstartExample() {
    }

    /**
     * @param args optional base URL and API token
     */
    public static void main(String[] args) {
        URI baseUrl = URI.create(arg(args, 0, "RENKEI_BASE_URL", "http://localhost:8080"));
        String apiToken = arg(args, 1, "RENKEI_API_TOKEN", null);
        if (apiToken == null) {
            throw new IllegalArgumentException("Pass the API token as the second argument or set RENKEI_API_TOKEN");
        }

        // tag::build-client[]
        RenkeiClient client = RenkeiClient.builder()
                .baseUrl(baseUrl)                 // e.g. https://api.example.com
                .apiToken(apiToken)               // rnk_pat_..., picked up once from the console
                .maxAttempts(4)                   // 429/503 retried, honouring Retry-After
                .build();
        Me me = client.call(() -> client.api(MeApi.class).getMe());
        System.out.println("Signed in as " + me.getAccount().getLoginId() + " by " + me.getAuthenticatedBy());
        // end::build-client[]

        SpotsApi spots = client.api(SpotsApi.class);

        // tag::paging[]
        // Every spot, 200 per request, each page fetched only when the previous one is used up.
        try (Stream<Spot> all = Pages.stream(
                cursor -> spots.listSpots(null, null, null, 200, cursor),
                SpotPage::getItems,
                SpotPage::getNextCursor)) {
            System.out.println("Spots so far: " + all.count());
        }
        // end::paging[]

        // tag::create-with-idempotency-key[]
        // One key per logical operation: if the answer is lost and the call is repeated with the
        // same key, Renkei replays the first answer instead of creating a second spot. With the
        // key, the client itself may also retry the POST after a 429.
        String idempotencyKey = UUID.randomUUID().toString();
        SpotCreate newSpot = new SpotCreate()
                .code("QS-" + idempotencyKey.substring(0, 8))
                .name("Quickstart spot");
        Spot created = client.call(() -> spots.createSpot(newSpot, idempotencyKey));
        Spot again = client.call(() -> spots.createSpot(newSpot, idempotencyKey));
        System.out.println("Created spot " + created.getId() + " (replayed: " + created.getId().equals(again.getId()) + ")");
        // end::create-with-idempotency-key[]

        // tag::errors[]
        try {
            client.call(() -> spots.createSpot(newSpot, null));   // same code again: 409 already-exists
        } catch (RateLimitedException e) {
            System.out.println("Slow down; retry after " + e.retryAfter().orElse(null));
        } catch (RenkeiException e) {
            // Branch on status() and type(); quote requestId() to support.
            System.out.println("Refused: " + e.status() + " " + e.type() + " — " + e.detail()
                    + " (request id " + e.requestId() + ")");
        }
        // end::errors[]
    }

    static String arg(String[] args, int index, String env, String fallback) {
        if (args.length > index && !args[index].isBlank()) {
            return args[index];
        }
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }
}
