package dev.renkei.server.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/** {@code renkei.mail.smtp.*}: where mail goes. No host means the log only. */
@ConfigurationProperties("renkei.mail.smtp")
public class SmtpSettings {

    /** How the connection is protected. */
    public enum Security { NONE, STARTTLS, TLS }

    @Nullable
    private String host;
    private int port = 25;
    @Nullable
    private String username;
    @Nullable
    private String password;
    private Security security = Security.NONE;
    private Duration timeout = Duration.ofSeconds(10);

    public boolean enabled() {
        return host != null && !host.isBlank();
    }

    @Nullable
    public String getHost() {
        return host;
    }

    public void setHost(@Nullable String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    @Nullable
    public String getUsername() {
        return username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    @Nullable
    public String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public Security getSecurity() {
        return security;
    }

    public void setSecurity(Security security) {
        this.security = security;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
