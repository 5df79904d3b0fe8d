package dev.renkei.server.oauth;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/**
 * The page shown when an authorization request cannot be sent back to the program because its
 * client or redirect URI is not trustworthy (RFC 6749 §4.1.2.1).
 */
@Singleton
public class ErrorPages {

    public MutableHttpResponse<String> render(String error, String description) {
        String page = """
                <!DOCTYPE html>
                <html lang="ja"><head><meta charset="utf-8"><title>API連携エラー</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body><main><h1>API連携を開始できません</h1>
                <p>連携先から渡された情報に誤りがあります。連携先サービスにお問い合わせください。</p>
                <p lang="en">The partner program sent an invalid authorization request.</p>
                <p><code id="error">%s</code>: <span id="error-description">%s</span></p></main></body></html>
                """.formatted(escape(error), escape(description));
        return OAuthController.html(HttpStatus.BAD_REQUEST, page)
                .header("Content-Security-Policy", "default-src 'none'")
                .header("X-Frame-Options", "DENY");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
