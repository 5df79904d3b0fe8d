package dev.renkei.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** Turns an error answer (RFC 9457 problem or RFC 6749 §5.2 error) into the matching exception. */
final class ErrorAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorAnswers() {
    }

    static RenkeiException toException(int status, HttpHeaders headers, byte[] bodyBytes) {
        String body = bodyBytes == null ? null : new String(bodyBytes, StandardCharsets.UTF_8);
        JsonNode json = parse(body);
        String type = text(json, "type");
        String title = text(json, "title");
        String detail = text(json, "detail");
        if (type == null && json.hasNonNull("error")) {
            type = text(json, "error");
            detail = text(json, "error_description");
        }
        String requestId = text(json, "request_id");
        if (requestId == null) {
            requestId = headers.firstValue("X-Request-Id").orElse(null);
        }
        if (status == 429) {
            return new RateLimitedException(type, title, detail, requestId, headers, body);
        }
        if (status == 401 || "invalid_grant".equals(type) || "invalid_client".equals(type)) {
            return new AuthenticationException(status, type, title, detail, requestId, headers, body);
        }
        return new RenkeiException(status, type, title, detail, requestId, headers, body);
    }

    /** Whether a 401 says the bearer token was refused (RFC 6750 §3.1), as opposed to missing. */
    static boolean isInvalidToken(HttpHeaders headers, byte[] body) {
        boolean challenge = headers.allValues("WWW-Authenticate").stream().anyMatch(v -> v.contains("invalid_token"));
        if (challenge) {
            return true;
        }
        String type = text(parse(body == null ? null : new String(body, StandardCharsets.UTF_8)), "type");
        return type != null && type.endsWith("/invalid-token");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (IOException notJson) {
            // A proxy's HTML error page, say: the status and headers still tell the story.
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
    }
}
