package dev.renkei.server.shared.security;

/** How the caller proved who they are. */
public enum AuthenticationMethod {
    /** A session JWT from sign-in. */
    SESSION,
    /** A picked-up personal API token. */
    API_TOKEN
}
