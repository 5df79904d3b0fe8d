package dev.renkei.conformance.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raw HTTP requests whose every header the conformance suites control (cookies, CSRF tokens,
 * client authentication, If-Match...), through the given client: the recording one, or a plain
 * one for fixtures outside the contract under test.
 */
public final class RawHttp {

    private final URI base;
    private final HttpClient client;

    public RawHttp(URI base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    public Req get(String path) {
        return request("GET", path);
    }

    /** A GET as a browser sends it (the authorization endpoint answers HTML, or a redirect). */
    public Req browser(String path) {
        return request("GET", path).accept("text/html");
    }

    public Req post(String path) {
        return request("POST", path);
    }

    public Req patch(String path) {
        return request("PATCH", path);
    }

    public Req delete(String path) {
        return request("DELETE", path);
    }

    public Req request(String method, String path) {
        return new Req(method, path);
    }

    /** {@code client_secret_basic} (RFC 6749 §2.3.1): each part form-encoded first. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(user) + ":" + enc(password)).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public final class Req {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        private Req(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("Accept", "application/json, application/problem+json");
        }

        public Req bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Req basic(String user, String password) {
            return header("Authorization", RawHttp.basic(user, password));
        }

        public Req accept(String accept) {
            return header("Accept", accept);
        }

        public Req ifMatch(String etag) {
            return header("If-Match", etag);
        }

        public Req idempotencyKey(String key) {
            return header("Idempotency-Key", key);
        }

        public Req cookie(String cookie) {
            return header("Cookie", cookie);
        }

        public Req csrf(String token) {
            return header("X-CSRF-Token", token);
        }

        public Req header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Req json(String json) {
            return body("application/json", json);
        }

        public Req form(String... nameValues) {
            StringBuilder form = new StringBuilder();
            for (int i = 0; i < nameValues.length; i += 2) {
                form.append(form.length() == 0 ? "" : "&").append(enc(nameValues[i])).append('=').append(enc(nameValues[i + 1]));
            }
            return body("application/x-www-form-urlencoded", form.toString());
        }

        public Req body(String contentType, String content) {
            headers.put("Content-Type", contentType);
            body = content;
            return this;
        }

        public HttpResponse<String> send() throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
            headers.forEach(request::header);
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
