package io.nlpstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RequestAdmissionTest {
    private final RequestAdmission admission = new RequestAdmission(10, 2, Duration.ofMillis(1500));

    @Test
    void itemsOverTheLimitAreTooLargeAndTakeNoSlot() {
        assertThat(admission.admit(11)).isEqualTo(new RequestAdmission.Verdict.TooLarge(11, 10));
        assertThat(admission.admit(10)).isInstanceOf(RequestAdmission.Verdict.Admitted.class);
        assertThat(admission.admit(10)).isInstanceOf(RequestAdmission.Verdict.Admitted.class);
    }

    @Test
    void beyondTheConcurrencyLimitARequestIsBusyUntilAPermitIsClosedOnce() {
        var first = (RequestAdmission.Verdict.Admitted) admission.admit(1);
        admission.admit(1);

        assertThat(admission.admit(1)).isEqualTo(new RequestAdmission.Verdict.Busy(2, Duration.ofMillis(1500)));

        first.permit().close();
        first.permit().close(); // twice frees one slot, not two
        assertThat(admission.admit(1)).isInstanceOf(RequestAdmission.Verdict.Admitted.class);
        assertThat(admission.admit(1)).isInstanceOf(RequestAdmission.Verdict.Busy.class);
    }

    @Test
    void retryAfterIsInWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(admission.retryAfterSeconds()).isEqualTo("2");
        assertThat(new RequestAdmission(1, 1, Duration.ZERO).retryAfterSeconds()).isEqualTo("1");
    }
}
