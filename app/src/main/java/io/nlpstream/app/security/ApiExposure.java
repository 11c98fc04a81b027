package io.nlpstream.app.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import io.nlpstream.app.config.ApiAuthentication;
import io.nlpstream.app.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API may start as configured: an API without authentication is served only on a loopback address,
 * unless {@code api.authentication: none} says it is meant to be open (then one WARN says so).
 */
final class ApiExposure {
    private static final Logger LOG = LoggerFactory.getLogger(ApiExposure.class);

    private ApiExposure() {
    }

    /**
     * @param mode {@code api.authentication}, empty when not set
     * @param host {@code micronaut.server.host}, empty for every interface
     * @throws InvalidConfigurationException when the API would be open beyond this machine without saying so
     */
    static void check(Optional<ApiAuthentication> mode, Optional<String> host) {
        if (mode.isPresent() && mode.get() != ApiAuthentication.NONE) {
            return;
        }
        boolean loopback = host.map(ApiExposure::isLoopback).orElse(false);
        String where = host.map(h -> "on " + h).orElse("on every interface");
        if (mode.isEmpty() && !loopback) {
            throw new InvalidConfigurationException("the HTTP API listens " + where + " (micronaut.server.host) "
                    + "and api.authentication is not set; set api.authentication to api-key or jwt, to none to "
                    + "serve the API to anyone who can reach it, or micronaut.server.host to 127.0.0.1.");
        }
        if (mode.isPresent() && !loopback) {
            LOG.warn("api.authentication is none: the HTTP API (inference, ranking over the whole response base, "
                    + "/models) answers anyone who can reach {}", host.orElse("this machine"));
        }
    }

    private static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
