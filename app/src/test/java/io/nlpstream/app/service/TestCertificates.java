package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for one test with the JDK's {@code keytool}: PKCS12 stores, all with
 * {@link #PASSWORD}, holding keys and certificates it signed.
 */
final class TestCertificates {
    static final String PASSWORD = "changeit-\"test\" \\pw";

    private final Path dir;
    private final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in {@code dir} (ca.p12) and its certificate as a trust store (truststore.p12) and PEM (ca.pem). */
    static TestCertificates newCa(Path dir) throws Exception {
        TestCertificates ca = new TestCertificates(dir);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.path("ca.p12"));
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.path("ca.p12"), "-file", ca.path("ca.pem"));
        ca.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", ca.path("ca.pem"), "-keystore",
                ca.path("truststore.p12"));
        return ca;
    }

    /** A key store {@code name}.p12 with a key pair for {@code cn}, signed by the CA, naming {@code san}. */
    Path issue(String name, String cn, String san) throws Exception {
        String store = path(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + cn,
                "-validity", "2", "-keystore", store);
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", path(name + ".csr"));
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", path("ca.p12"),
                "-infile", path(name + ".csr"), "-outfile", path(name + ".crt"), "-rfc", "-validity", "2"));
        if (san != null) {
            sign.addAll(List.of("-ext", "san=" + san));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", path("ca.pem"), "-keystore", store);
        keytool("-importcert", "-alias", name, "-file", path(name + ".crt"), "-keystore", store);
        return dir.resolve(name + ".p12");
    }

    Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A server-side TLS context presenting {@code keyStore} and trusting this CA for client certificates. */
    SSLContext serverContext(Path keyStore) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD, "-storetype", "PKCS12"));
        Path log = Files.createTempFile(dir, "keytool", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], Files.readString(log)).isZero();
    }
}
