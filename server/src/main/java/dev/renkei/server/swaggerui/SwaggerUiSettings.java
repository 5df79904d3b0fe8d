package dev.renkei.server.swaggerui;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Swagger UI at {@code /swagger-ui} and its built-in public partner program
 * ({@code renkei.swagger-ui.*}).
 */
@ConfigurationProperties("renkei.swagger-ui")
public class SwaggerUiSettings {

    /** Path of Swagger UI's OAuth redirect page, below the public base URL. */
    public static final String REDIRECT_PATH = "/swagger-ui/oauth2-redirect.html";

    /**
     * On by default, production included: Swagger UI is how partner developers try calls. Off,
     * {@code /swagger-ui} answers 404 and the built-in program is not registered (an existing one
     * is left as it is, so an administrator decides its fate).
     */
    private boolean enabled = true;

    /** The built-in program's client_id, pre-filled in Swagger UI's Authorize dialog. */
    private String clientId = "rnk_ci_swaggerui00000000001";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }
}
