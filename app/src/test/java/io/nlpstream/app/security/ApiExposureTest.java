package io.nlpstream.app.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import io.nlpstream.app.config.ApiAuthentication;
import io.nlpstream.app.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class ApiExposureTest {
    @Test
    void anOpenApiNeedsLoopbackOrAnExplicitNone() {
        assertThatCode(() -> ApiExposure.check(Optional.empty(), Optional.of("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> ApiExposure.check(Optional.empty(), Optional.of("localhost"))).doesNotThrowAnyException();
        assertThatCode(() -> ApiExposure.check(Optional.of(ApiAuthentication.NONE), Optional.of("0.0.0.0")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ApiExposure.check(Optional.of(ApiAuthentication.API_KEY), Optional.empty()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ApiExposure.check(Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("the HTTP API listens on every interface (micronaut.server.host)");
        assertThatThrownBy(() -> ApiExposure.check(Optional.empty(), Optional.of("0.0.0.0")))
                .isInstanceOf(InvalidConfigurationException.class);
    }
}
