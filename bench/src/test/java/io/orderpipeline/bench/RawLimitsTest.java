package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RawLimitsTest {

    private static final Latencies.Summary NONE = new Latencies().summary();

    @Test
    void windowsAreRepeatedUntilTwoInARowAreNoBetterAndTheBestIsTheLimit() throws Exception {
        RawLimits raw = rawLimits("--raw-max=10m", System::nanoTime);

        // A cold store: fast growth, then within 5 % of the best (2 000) twice.
        RawLimits.Limit limit = raw.untilSteady("test", windows(1_000, 1_800, 2_000, 2_090, 1_950, 9_999));

        assertThat(limit.perSecond()).isEqualTo(2_090);
        assertThat(limit.operations()).isEqualTo(20_900);
        assertThat(limit.windows()).isEqualTo(new RawLimits.Windows(5, 1_000, true));
    }

    @Test
    void aWindowBetterByMoreThanFivePercentStartsTheCountAgain() throws Exception {
        RawLimits raw = rawLimits("--raw-max=10m", System::nanoTime);

        RawLimits.Limit limit = raw.untilSteady("test", windows(1_000, 1_020, 1_200, 1_210, 1_190, 9_999));

        assertThat(limit.perSecond()).isEqualTo(1_210);
        assertThat(limit.windows()).isEqualTo(new RawLimits.Windows(5, 1_000, true));
    }

    @Test
    void noWindowStartsAfterRawMaxAndTheLimitSaysItIsNotSteady() throws Exception {
        // Each window takes 10 s of this clock; raw-max 25 s lets the ones starting at 0, 10 and 20 s run.
        AtomicLong clock = new AtomicLong();
        RawLimits raw = rawLimits("--raw-max=25s", clock::get);
        Iterator<Integer> rising = IntStream.iterate(1_000, rate -> rate * 2).iterator();

        RawLimits.Limit limit = raw.untilSteady("test", () -> {
            clock.addAndGet(Duration.ofSeconds(10).toNanos());
            int rate = rising.next();
            return new RawLimits.Limit("test", rate, rate * 10L, 100, NONE, RawLimits.Windows.single(rate));
        });

        assertThat(limit.windows()).isEqualTo(new RawLimits.Windows(3, 1_000, false));
        assertThat(limit.perSecond()).isEqualTo(4_000);
    }

    private static RawLimits rawLimits(String rawMax, LongSupplier nanoTime) {
        BenchSettings settings = BenchSettings.parse(new String[] {rawMax}, Map.of());
        return new RawLimits(settings, new Samples(settings), nanoTime);
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
