package dev.renkei.client.examples;

import dev.renkei.client.resource.ApiClient;
import dev.renkei.client.resource.ApiException;
import dev.renkei.client.resource.api.GroupsApi;
import dev.renkei.client.resource.model.Group;
import dev.renkei.client.resource.model.GroupCreate;
import dev.renkei.client.resource.model.GroupPage;

import java.util.UUID;

/**
 * A batch program with a personal API token: lists every group page by page and creates one
 * group safely under retries. Run with the base URL and the token as arguments.
 */
public final class QuickstartExample {

    private QuickstartExample() {
    }

    public static void main(String[] args) throws ApiException {
        String baseUrl = args.length > 0 ? args[0] : "http://localhost:8080";
        String token = args.length > 1 ? args[1] : System.getenv("RENKEI_TOKEN");

        // tag::build-client[]
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        GroupsApi groups = new GroupsApi(client);
        // end::build-client[]

        // tag::paging[]
        String cursor = null;
        do {
            GroupPage page = groups.listGroups(null, null, 200, cursor);
            page.getItems().forEach(group -> System.out.println(group.getName()));
            cursor = page.getNextCursor();
        } while (cursor != null);
        // end::paging[]

        // tag::create-with-idempotency-key[]
        String idempotencyKey = UUID.randomUUID().toString();
        GroupCreate body = new GroupCreate();
        body.setName("営業1部");
        // A retry with the same key and body replays the first answer instead of creating twice.
        Group created = groups.createGroup(body, idempotencyKey);
        // end::create-with-idempotency-key[]
        System.out.println("created " + created.getId());

        // tag::errors[]
        try {
            groups.getGroup(UUID.randomUUID());
        } catch (ApiException e) {
            // Every error body is an RFC 9457 problem: status, type, title, detail, request_id.
            System.out.println(e.getCode() + " " + e.getResponseBody());
        }
        // end::errors[]
    }
}
