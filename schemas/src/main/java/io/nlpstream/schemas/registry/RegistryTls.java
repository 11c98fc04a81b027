package io.nlpstream.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.common.config.ConfigException;

/**
 * The TLS context of the registry client: whom to trust (a trust store, or the JDK's CAs) and, for registries that
 * require mutual TLS, which certificate to present. Hostname verification is the JDK HTTP client's and always on:
 * the registry's certificate must name the host in the URL.
 */
final class RegistryTls {
    private RegistryTls() {
    }

    static SSLContext sslContext(Optional<RegistryClientSettings.TrustStore> trust,
                                 Optional<RegistryClientSettings.KeyStore> key) {
        try {
            TrustManagerFactory trustManagers = null;
            if (trust.isPresent()) {
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(load(trust.get()));
            }
            KeyManagerFactory keyManagers = null;
            if (key.isPresent()) {
                RegistryClientSettings.KeyStore store = key.get();
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPassword = store.keyPassword() != null ? store.keyPassword() : store.password();
                keyManagers.init(load(store.location(), store.type(), store.password()),
                        keyPassword == null ? new char[0] : keyPassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                    trustManagers == null ? null : trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            // Passwords stay out of the message: a wrong one reads as UnrecoverableKeyException.
            throw new ConfigException("cannot use the registry client's key store " + key.map(
                    RegistryClientSettings.KeyStore::location).orElse("") + ": " + e.getClass().getSimpleName());
        }
    }

    private static KeyStore load(RegistryClientSettings.TrustStore store) {
        if ("PEM".equals(store.type().toUpperCase(Locale.ROOT))) {
            return pemCertificates(store.location());
        }
        return load(store.location(), store.type(), store.password());
    }

    private static KeyStore load(String location, String type, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore keyStore = KeyStore.getInstance(type);
            keyStore.load(in, password == null ? null : password.toCharArray());
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            // The message names the file only; the password stays out of it.
            throw new ConfigException("cannot load " + location + " (" + type + "): " + e.getClass().getSimpleName()
                    + (e.getCause() instanceof java.security.UnrecoverableKeyException ? " (wrong password?)" : ""));
        }
    }

    private static KeyStore pemCertificates(String location) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore keyStore = KeyStore.getInstance(KeyStore.getDefaultType());
            keyStore.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                keyStore.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new ConfigException("cannot load " + location + " (PEM): no certificate in it");
            }
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot load " + location + " (PEM): " + e.getClass().getSimpleName());
        }
    }
}
