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
        CreateComparison.Result create,
        Lifecycle.Result lifecycle,
        Rebuild.Result rebuild,
        Map<String, String> failures) {

    /** Events the lifecycle puts on {@code orders.events} per order: created, processing requested, the outcome. */
    static final int EVENTS_PER_LIFECYCLE = 3;

    // Issue 15's targets.
    static final double CREATE_CPU_TARGET_MS = 1.0;
    static final double LIFECYCLE_CPU_TARGET_MS = 4.0;
    static final double LIFECYCLE_RATE_TARGET = 300;
    static final double LIFECYCLE_P99_TARGET_MS = 250;
    static final double MONGODB_ROUND_TRIPS_TARGET = 3.5;
    static final double KAFKA_TRANSACTIONS_TARGET = 0.1;
    static final double POSTGRES_TRANSACTIONS_TARGET = 0.2;
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
                    "create throughput at " + create.connections() + " connections (orders/s)",
                    create.ordersPerSecond(),
                    "MongoDB single inserts/s",
                    mongoInserts.perSecond(),
                    create.ordersPerSecond() / mongoInserts.perSecond(),
                    null));
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

    /**
     * One figure of issue 15 beside its target.
     *
     * @param met {@code null} where the figure could not be measured here (no /proc, a store not read)
     */
    record Target(String figure, String value, String target, Boolean met) {}

    /** Issue 15's targets, each beside what this run measured; only those of the scenarios that ran. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        if (create != null) {
            targets.add(new Target(
                    "create: CPU ms per create, all processes incl. downstream work",
                    ms(create.ordersCpuMsPerCreate()) + " (baseline " + ms(create.baselineCpuMsPerCreate()) + ")",
                    "≤ " + CREATE_CPU_TARGET_MS,
                    create.cpuTargetMet()));
            targets.add(new Target(
                    "create: creates/s at " + create.connections() + " connections, closed loop",
                    String.format(
                            java.util.Locale.ROOT,
                            "%.0f (baseline %.0f)",
                            create.ordersPerSecond(),
                            create.baselinePerSecond()),
                    "≥ baseline",
                    create.rateTargetMet()));
        }
        if (lifecycle != null) {
            // A lost or timed-out order is a miss whatever the rate and the percentiles of the others say; and the
            // cost of lifecycles that did not all finish is not the cost of a lifecycle: it is shown, not judged.
            boolean complete = lifecycle.failed() == 0 && lifecycle.visible() > 0;
            String notJudged = complete ? "" : " (not judged: " + lifecycle.failed() + " failed)";
            CostMeter.Cpu cpu = lifecycle.cpu();
            targets.add(perLifecycle(
                    "lifecycle: CPU ms per lifecycle, all processes",
                    cpu == null ? null : cpu.processesMsPerOperation(),
                    "%.2f",
                    LIFECYCLE_CPU_TARGET_MS,
                    notJudged));
            targets.add(new Target(
                    "lifecycle: sustained lifecycles/s, open loop at " + lifecycle.rate() + "/s",
                    String.format(
                            java.util.Locale.ROOT,
                            "%.0f (%d failed)",
                            lifecycle.sustainedPerSecond(),
                            lifecycle.failed()),
                    "≥ " + (int) LIFECYCLE_RATE_TARGET,
                    complete && lifecycle.sustainedPerSecond() >= LIFECYCLE_RATE_TARGET));
            targets.add(new Target(
                    "lifecycle: p99 create→visible ms",
                    String.format(
                            java.util.Locale.ROOT,
                            "%.1f",
                            lifecycle.createToVisible().p99()),
                    "≤ " + (int) LIFECYCLE_P99_TARGET_MS,
                    complete && lifecycle.createToVisible().p99() <= LIFECYCLE_P99_TARGET_MS));
            CostMeter.RoundTrips trips = lifecycle.roundTrips();
            if (trips != null) {
                targets.add(perLifecycle(
                        "MongoDB round trips per lifecycle (orders-service's driver)",
                        trips.mongodb(),
                        "%.2f",
                        MONGODB_ROUND_TRIPS_TARGET,
                        notJudged));
                targets.add(perLifecycle(
                        "Kafka transactions per lifecycle (commit + abort markers)",
                        trips.kafkaTransactions(),
                        "%.3f",
                        KAFKA_TRANSACTIONS_TARGET,
                        notJudged));
                targets.add(perLifecycle(
                        "PostgreSQL transactions per lifecycle (query-service's projection batches)",
                        trips.postgresTransactions(),
                        "%.3f",
                        POSTGRES_TRANSACTIONS_TARGET,
                        notJudged));
            }
        }
        return targets;
    }

    /** A cost per lifecycle beside its upper bound; n/a where not measured, not judged where lifecycles failed. */
    private static Target perLifecycle(String figure, Double value, String format, double target, String notJudged) {
        return new Target(
                figure,
                value == null ? "n/a" : String.format(java.util.Locale.ROOT, format, value) + notJudged,
                "≤ " + target,
                value == null || !notJudged.isEmpty() ? null : value <= target);
    }

    private static String ms(Double value) {
        return value == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
