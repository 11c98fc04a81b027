package io.nlpstream.app.security;

import java.security.Key;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Micronaut's JWT validator checks a token's signature: with {@code api.authentication: jwt}, against the keys of
 * {@link JwtKeySource} (RSA and EC algorithms; HMAC is not offered, as it would need the issuer's secret here).
 * Present in every mode on purpose: with no signature configuration at all, Micronaut accepts unsigned tokens
 * ({@code alg: none}); with this one it accepts nothing unless JWT is the configured mode.
 */
@Singleton
final class ApiJwtSignature implements SignatureConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ApiJwtSignature.class);

    private final Optional<JwtKeySource> keys;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    ApiJwtSignature(ApiAccess access) {
        this.keys = access.jwtKeys();
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return keys.isEmpty() ? "none: api.authentication is not jwt" : "RS256, RS384, RS512, PS256, PS384, PS512, "
                + "ES256, ES384, ES512";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return keys.isPresent() && (JWSAlgorithm.Family.RSA.contains(algorithm)
                || JWSAlgorithm.Family.EC.contains(algorithm));
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        if (keys.isEmpty() || !supports(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        try {
            for (Key key : keys.get().candidates(jwt.getHeader())) {
                JWSVerifier verifier = verifiers.createJWSVerifier(jwt.getHeader(), key);
                if (jwt.verify(verifier)) {
                    return true;
                }
            }
        } catch (KeySourceException e) {
            LOG.warn("JWT signing keys could not be fetched from api.jwt.jwks-url ({}); the token is refused",
                    e.getMessage());
        } catch (JOSEException e) {
            LOG.debug("JWT key does not fit the token's algorithm: {}", e.getMessage());
        }
        return false;
    }
}
