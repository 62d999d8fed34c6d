package io.orderpipeline.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** A latency histogram in microseconds that many threads record into, and its summary. */
final class Latencies {

    /** Anything slower is recorded as this; a backlog of minutes must still show as minutes. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Histogram histogram = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.clamp(TimeUnit.NANOSECONDS.toMicros(nanos), 1, HIGHEST_MICROS));
    }

    Summary summary() {
        return new Summary(
                histogram.getTotalCount(),
                millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(95)),
                millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    /** Percentiles in milliseconds; all zero when nothing was recorded. */
    record Summary(long count, double p50, double p95, double p99, double max) {

        boolean ordered() {
            return p50 <= p95 && p95 <= p99 && p99 <= max;
        }
    }
}
