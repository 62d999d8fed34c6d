package io.orderpipeline.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, with where and how: written as JSON as is, and as Markdown by {@link ReportFormat}.
 * A scenario that was not selected, or failed, is {@code null} and its failure is in {@link #failures}.
 */
record Report(
        Environment environment,
        Map<String, String> settings,
        Warmup warmup,
        RawLimits.Limit mongoInserts,
        RawLimits.Limit kafkaProduce,
        RawLimits.Limit postgresUpserts,
        CreateThroughput.Result create,
        Lifecycle.Result lifecycle,
        Rebuild.Result rebuild,
        Map<String, String> failures) {

    /** Events the lifecycle puts on {@code orders.events} per order: created, processing requested, the outcome. */
    static final int EVENTS_PER_LIFECYCLE = 3;

    static final double LIFECYCLE_P99_TARGET_MS = 150;
    static final double RATIO_TARGET = 0.5;

    /**
     * Unmeasured traffic before the scenarios (see {@link io.orderpipeline.bench.Warmup}).
     *
     * @param compileMsPerSecond how fast the services' JIT compile time grew in the warm-up's last window, or
     *     {@code null} if they do not publish it (the warm-up then lasted {@code warmup})
     */
    record Warmup(long sent, long completed, long failed, Duration took, Double compileMsPerSecond) {

        /** Whether the JIT had settled when the warm-up ended (else {@code warmup-max} ran out first). */
        @JsonProperty
        boolean settled() {
            return compileMsPerSecond != null && io.orderpipeline.bench.Warmup.isSettled(compileMsPerSecond);
        }
    }

    /**
     * @param loadAverage the 1-minute load average when the run started (the machine is shared), -1 if unknown
     */
    record Environment(
            String jdk,
            int cores,
            String os,
            long maxHeapMb,
            double loadAverage,
            Instant startedAt,
            Instant finishedAt) {}

    /**
     * A scenario beside the raw limit it is bounded by.
     *
     * @param target the ratio the issue asks for, or {@code null} where it asks none
     */
    record Ratio(String scenario, double value, String limit, double limitValue, double ratio, Double target) {

        Boolean met() {
            return target == null ? null : ratio >= target;
        }
    }

    List<Ratio> ratios() {
        List<Ratio> ratios = new ArrayList<>();
        if (create != null && mongoInserts != null) {
            ratios.add(new Ratio(
                    "create throughput (orders/s within p99 < " + (int) create.latencyTargetMs() + " ms)",
                    create.bestThroughput(),
                    "MongoDB single inserts/s",
                    mongoInserts.perSecond(),
                    create.bestThroughput() / mongoInserts.perSecond(),
                    RATIO_TARGET));
        }
        if (rebuild != null && postgresUpserts != null) {
            ratios.add(new Ratio(
                    "rebuild (events/s)",
                    rebuild.eventsPerSecond(),
                    "PostgreSQL batched upserts rows/s",
                    postgresUpserts.perSecond(),
                    rebuild.eventsPerSecond() / postgresUpserts.perSecond(),
                    RATIO_TARGET));
        }
        if (lifecycle != null && kafkaProduce != null) {
            double events = lifecycle.throughput() * EVENTS_PER_LIFECYCLE;
            ratios.add(new Ratio(
                    "lifecycle events on orders.events/s (" + EVENTS_PER_LIFECYCLE + " per order)",
                    events,
                    "Kafka produce records/s",
                    kafkaProduce.perSecond(),
                    events / kafkaProduce.perSecond(),
                    null));
        }
        if (lifecycle != null && mongoInserts != null) {
            // Each lifecycle writes two commits (create, process) and one outcome commit: three inserts.
            double inserts = lifecycle.throughput() * EVENTS_PER_LIFECYCLE;
            ratios.add(new Ratio(
                    "lifecycle commits/s (" + EVENTS_PER_LIFECYCLE + " per order)",
                    inserts,
                    "MongoDB single inserts/s",
                    mongoInserts.perSecond(),
                    inserts / mongoInserts.perSecond(),
                    null));
        }
        return ratios;
    }

    /** The lifecycle's latency target: p99 create→visible at or below 150 ms (at the default 500 orders/s). */
    Boolean lifecycleTargetMet() {
        if (lifecycle == null) {
            return null;
        }
        // A lost or timed-out order is a miss whatever the percentiles of the others say.
        return lifecycle.failed() == 0
                && lifecycle.visible() > 0
                && lifecycle.createToVisible().p99() <= LIFECYCLE_P99_TARGET_MS;
    }
}
