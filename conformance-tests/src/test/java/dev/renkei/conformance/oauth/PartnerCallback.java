package dev.renkei.conformance.oauth;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The partner program's redirect endpoint: records each authorization response it receives. */
final class PartnerCallback implements AutoCloseable {

    private final HttpServer server;
    private final LinkedBlockingQueue<URI> received = new LinkedBlockingQueue<>();

    PartnerCallback() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/callback", exchange -> {
            received.add(URI.create(redirectUri() + (exchange.getRequestURI().getRawQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getRawQuery())));
            byte[] page = "<!DOCTYPE html><html><body><h1 id=\"partner\">連携先サービス</h1></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
    }

    String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    /** The next authorization response the browser delivered. */
    URI next() {
        try {
            URI uri = received.poll(30, TimeUnit.SECONDS);
            if (uri == null) {
                throw new AssertionError("the browser never came back to the partner's redirect URI");
            }
            return uri;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
