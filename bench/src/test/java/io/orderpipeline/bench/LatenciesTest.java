package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesInMillisecondsFromNanosecondSamples() {
        Latencies latencies = new Latencies();
        for (int ms = 1; ms <= 100; ms++) {
            latencies.recordNanos(ms * 1_000_000L);
        }

        Latencies.Summary summary = latencies.summary();

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isCloseTo(50, within(0.1));
        assertThat(summary.p95()).isCloseTo(95, within(0.1));
        assertThat(summary.p99()).isCloseTo(99, within(0.1));
        assertThat(summary.max()).isCloseTo(100, within(0.1));
        assertThat(summary.ordered()).isTrue();
    }

    @Test
    void anEmptyHistogramSummarisesToZeros() {
        Latencies.Summary summary = new Latencies().summary();

        assertThat(summary.count()).isZero();
        assertThat(summary.max()).isZero();
    }
}
