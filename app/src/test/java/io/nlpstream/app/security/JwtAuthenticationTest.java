package io.nlpstream.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code api.authentication: jwt} on the running HTTP API with tokens signed by a key pair made here, the public
 * key given as a PEM file and as a JWKS document served over HTTP.
 */
class JwtAuthenticationTest {
    static final String INPUT = "{\"text\": \"I love this\"}";

    @TempDir
    Path dir;

    @Test
    void aStaticPublicKeyAcceptsItsTokensAndRefusesOthers() throws Exception {
        KeyPair issuer = rsa();
        Path pem = Files.writeString(dir.resolve("issuer.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(issuer.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        try (ApiServer server = ApiServer.start(Map.of("api.authentication", "jwt",
                "api.jwt.public-key-file", pem.toString()))) {
            assertThat(server.classify(INPUT).statusCode()).isEqualTo(401);
            assertThat(server.classify(INPUT, "Authorization", "Bearer " + token(issuer, null, 300)).statusCode())
                    .isEqualTo(200);
            assertThat(server.classify(INPUT, "Authorization", "Bearer " + token(issuer, null, -300)).statusCode())
                    .as("expired").isEqualTo(403);
            assertThat(server.classify(INPUT, "Authorization", "Bearer " + token(rsa(), null, 300)).statusCode())
                    .as("signed by another key").isEqualTo(403);
            assertThat(server.classify(INPUT, "Authorization", "Bearer not.a.jwt").statusCode()).isEqualTo(403);
            assertThat(server.classify(INPUT, "Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.")
                    .statusCode()).as("unsigned").isEqualTo(403);
        }
    }

    @Test
    void aJwksUrlAcceptsTokensSignedByAnyOfItsKeys() throws Exception {
        KeyPair current = rsa();
        KeyPair next = rsa();
        String jwks = new JWKSet(java.util.List.of(
                new RSAKey.Builder((RSAPublicKey) current.getPublic()).keyID("current").build(),
                new RSAKey.Builder((RSAPublicKey) next.getPublic()).keyID("next").build())).toString();
        HttpServer idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/jwks.json", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        idp.start();
        try (ApiServer server = ApiServer.start(Map.of("api.authentication", "jwt", "api.jwt.jwks-url",
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks.json"))) {
            assertThat(server.classify(INPUT, "Authorization", "Bearer " + token(current, "current", 300))
                    .statusCode()).isEqualTo(200);
            assertThat(server.classify(INPUT, "Authorization", "Bearer " + token(next, "next", 300))
                    .statusCode()).isEqualTo(200);
            assertThat(server.classify(INPUT, "Authorization", "Bearer " + token(rsa(), "current", 300))
                    .statusCode()).as("forged with a known key id").isEqualTo(403);
            assertThat(server.classify(INPUT, "X-API-Key", "some-key").statusCode()).isEqualTo(403);
        } finally {
            idp.stop(0);
        }
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** An RS256 token for subject {@code client-a} that expires {@code expiresInSeconds} from now. */
    static String token(KeyPair key, String keyId, long expiresInSeconds) throws JOSEException {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
                new JWTClaimsSet.Builder().subject("client-a").issuer("https://issuer.test")
                        .issueTime(Date.from(now.minusSeconds(600)))
                        .expirationTime(Date.from(now.plusSeconds(expiresInSeconds))).build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }
}
