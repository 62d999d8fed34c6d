package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RawLimitsTest {

    private static final Latencies.Summary NONE = new Latencies().summary();

    @Test
    void windowsAreRepeatedUntilTwoInARowAreNoBetterAndTheBestIsTheLimit() throws Exception {
        RawLimits raw = rawLimits("--raw-max=10m");

        // A cold store: fast growth, then within 5 % of the best (2 000) twice.
        RawLimits.Limit limit = raw.untilSteady("test", windows(1_000, 1_800, 2_000, 2_090, 1_950, 9_999));

        assertThat(limit.perSecond()).isEqualTo(2_090);
        assertThat(limit.operations()).isEqualTo(20_900);
        assertThat(limit.windows()).isEqualTo(new RawLimits.Windows(5, 1_000, true));
    }

    @Test
    void aWindowBetterByMoreThanFivePercentStartsTheCountAgain() throws Exception {
        RawLimits raw = rawLimits("--raw-max=10m");

        RawLimits.Limit limit = raw.untilSteady("test", windows(1_000, 1_020, 1_200, 1_210, 1_190, 9_999));

        assertThat(limit.perSecond()).isEqualTo(1_210);
        assertThat(limit.windows()).isEqualTo(new RawLimits.Windows(5, 1_000, true));
    }

    @Test
    void noWindowStartsAfterRawMaxAndTheLimitSaysItIsNotSteady() throws Exception {
        RawLimits raw = rawLimits("--raw-max=5ms");
        // Every window better than the one before, for as long as the test cares to look.
        RawLimits.Limit limit = raw.untilSteady(
                "test",
                windows(IntStream.iterate(1_000, rate -> rate * 2).limit(60).toArray()));

        assertThat(limit.windows().steady()).isFalse();
        assertThat(limit.windows().count()).isBetween(1, 59);
        assertThat(limit.perSecond())
                .isEqualTo(1_000.0 * Math.pow(2, limit.windows().count() - 1));
    }

    private static RawLimits rawLimits(String rawMax) {
        BenchSettings settings = BenchSettings.parse(new String[] {rawMax}, Map.of());
        return new RawLimits(settings, new Samples(settings));
    }

    /** Windows measuring the given rates in turn, each of ten seconds' worth of operations. */
    private static RawLimits.Window windows(int... rates) {
        Iterator<Integer> next = IntStream.of(rates).boxed().toList().iterator();
        return () -> {
            int rate = next.next();
            return new RawLimits.Limit("test", rate, rate * 10L, 100, NONE, RawLimits.Windows.single(rate));
        };
    }
}
