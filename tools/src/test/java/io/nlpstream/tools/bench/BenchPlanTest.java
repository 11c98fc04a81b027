package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchPlanTest {

    @Test
    void theQuickPlanFitsItsBudgetOnPaper() {
        BenchPlan quick = BenchPlan.quick();
        // what the quick plan measures, not counting start-ups: 2 models' ceilings (up to two passes of about
        // the point's length each), 4 closed-loop runs with warm-up, two Kafka backlogs at >= 100 events/s, two
        // latency points
        Duration measuring = quick.ceilingPoint().multipliedBy(2L * 2 * quick.batchSizes().size())
                .plus(quick.throughputRun().plus(quick.warmUp()).multipliedBy(4))
                .plus(Duration.ofSeconds(2L * quick.backlogEvents() / 100))
                .plus(quick.latencyRun().multipliedBy(2));
        assertThat(measuring).isLessThan(Duration.ofMinutes(4));
    }

    @Test
    void scalingShrinksTimesAndCountsButKeepsBatchSizesAndTheWorkEverySliceMustComplete() {
        BenchPlan scaled = BenchPlan.quick().scaled(0.1);
        assertThat(scaled.batchSizes()).isEqualTo(BenchPlan.quick().batchSizes());
        assertThat(scaled.minSliceItems()).isEqualTo(BenchPlan.quick().minSliceItems());
        assertThat(scaled.throughputSlice(4)).isEqualTo(new Slice(Duration.ofMillis(200), 64, Duration.ofMinutes(2)));
        assertThat(scaled.ceilingSlice().minItems()).isEqualTo(64);
        assertThat(scaled.warmUpSlice().minTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(scaled.throughputRun()).isEqualTo(Duration.ofMillis(800));
        assertThat(scaled.backlogEvents()).isEqualTo(200);
        assertThat(BenchPlan.quick().scaled(0.0001).backlogEvents()).isEqualTo(10);
        assertThat(scaled.name()).isEqualTo("quick x0.1");
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> BenchPlan.quick().withBatchSizes(List.of())).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchPlan.quick().scaled(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
