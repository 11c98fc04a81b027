package io.nlpstream.app.config;

/** How HTTP API callers prove who they are ({@code api.authentication}). */
public enum ApiAuthentication {
    /** A key from {@code api.keys-file} (stored as SHA-256 hashes), as {@code X-API-Key} or a bearer token. */
    API_KEY,
    /** A JWT bearer token signed by a key from {@code api.jwt.jwks-url} or {@code api.jwt.public-key-file}. */
    JWT,
    /** Nobody is asked: chosen explicitly for an API that only trusted callers can reach. */
    NONE
}
