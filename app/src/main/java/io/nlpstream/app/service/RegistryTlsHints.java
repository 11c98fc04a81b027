package io.nlpstream.app.service;

import java.util.Locale;

import io.nlpstream.app.config.SchemaRegistryProperties;

/** What to change when the registry cannot be reached because of TLS, read from the failure's causes. */
final class RegistryTlsHints {
    private RegistryTlsHints() {
    }

    /** A clause starting with "; ", or empty when the failure does not look like TLS. */
    static String hint(Throwable failure, SchemaRegistryProperties p) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.append(' ').append(t.getMessage());
        }
        String all = messages.toString().toLowerCase(Locale.ROOT);
        if (all.contains("pkix path") || all.contains("unable to find valid certification path")) {
            return "; its certificate is not signed by a CA the service trusts: set schema-registry.truststore-location"
                    + " to a trust store (PKCS12, JKS or PEM) holding the registry's CA";
        }
        if (all.contains("subject alternative name") || all.contains("no name matching")) {
            return "; its certificate does not name the host in schema-registry.url (hostname verification is always "
                    + "on): use the name the certificate carries, or reissue it";
        }
        boolean keyStore = p.getKeystoreLocation() != null && !p.getKeystoreLocation().isBlank();
        if (!keyStore && (all.contains("bad_certificate") || all.contains("certificate_required")
                || all.contains("handshake_failure"))) {
            return "; it rejected the TLS handshake and may require a client certificate: set "
                    + "schema-registry.keystore-location";
        }
        if (keyStore && (all.contains("bad_certificate") || all.contains("certificate_unknown"))) {
            return "; it rejected the client certificate in schema-registry.keystore-location";
        }
        return "";
    }
}
