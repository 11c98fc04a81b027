package io.nlpstream.app.security;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import io.nlpstream.app.config.ApiProperties;
import io.nlpstream.app.config.InvalidConfigurationException;

/**
 * Where the public keys that sign accepted JWTs come from: an OIDC provider's JWKS document
 * ({@code api.jwt.jwks-url}, fetched when first needed, cached and refreshed by Nimbus when a token names an unknown
 * key id) or one PEM public key ({@code api.jwt.public-key-file}, RSA or EC, read at start-up).
 */
sealed interface JwtKeySource {
    /** The keys that may have signed a token with this header. */
    List<? extends Key> candidates(JWSHeader header) throws KeySourceException;

    static JwtKeySource of(ApiProperties.Jwt jwt) {
        boolean url = jwt.getJwksUrl() != null && !jwt.getJwksUrl().isBlank();
        boolean file = jwt.getPublicKeyFile() != null && !jwt.getPublicKeyFile().isBlank();
        if (url == file) {
            throw new InvalidConfigurationException("api.authentication is jwt: set exactly one of api.jwt.jwks-url "
                    + "and api.jwt.public-key-file.");
        }
        return url ? Jwks.of(jwt.getJwksUrl().trim()) : new StaticKey(readPublicKey(Path.of(jwt.getPublicKeyFile()
                .trim())));
    }

    /** A JWKS document at a URL. */
    record Jwks(JWKSource<SecurityContext> source) implements JwtKeySource {
        static Jwks of(String url) {
            try {
                URI uri = new URI(url);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(url, "not an http(s) URL with a host");
                }
                return new Jwks(JWKSourceBuilder.create(uri.toURL()).retrying(true).build());
            } catch (URISyntaxException | MalformedURLException e) {
                throw new InvalidConfigurationException("api.jwt.jwks-url must be an https:// (or http://) URL with "
                        + "a host.", e);
            }
        }

        @Override
        public List<? extends Key> candidates(JWSHeader header) throws KeySourceException {
            return new JWSVerificationKeySelector<>(header.getAlgorithm(), source).selectJWSKeys(header, null);
        }
    }

    /** One configured key, whatever key id a token names. */
    record StaticKey(PublicKey key) implements JwtKeySource {
        @Override
        public List<? extends Key> candidates(JWSHeader header) {
            return List.of(key);
        }
    }

    private static PublicKey readPublicKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigurationException("api.jwt.public-key-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ").", e);
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec;
        try {
            spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw notAKey(file, e);
        }
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw notAKey(file, last);
    }

    private static InvalidConfigurationException notAKey(Path file, Exception cause) {
        return new InvalidConfigurationException("api.jwt.public-key-file " + file + " is not a PEM public key "
                + "(-----BEGIN PUBLIC KEY-----, RSA or EC).", cause);
    }
}
