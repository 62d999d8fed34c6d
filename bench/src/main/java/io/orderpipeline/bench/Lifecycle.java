package io.orderpipeline.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario 2: at {@code lifecycle-rate} orders a second for {@code lifecycle-duration}, each order is created, then
 * processed, then awaited in query-service until its outcome (PROCESSED or REJECTED) shows. Create latency and
 * create→visible latency count from the order's due time; process latency from its own send. Its cost (CPU per
 * lifecycle of each process, round trips per lifecycle to each store) counts from the first order until the pipeline
 * is quiet again.
 */
final class Lifecycle {

    /**
     * @param visibility how the outcome was awaited: long-poll ({@code minVersion}) or poll
     * @param outcomes orders by final status as query-service showed it
     * @param sustainedPerSecond lifecycles that became visible per second of {@code lifecycle-duration}
     * @param cpu CPU per lifecycle sent; null if it could not be measured
     * @param roundTrips per lifecycle sent; null if they could not be counted
     */
    record Result(
            int rate,
            Duration duration,
            String visibility,
            long sent,
            long visible,
            long failed,
            double throughput,
            double maxSendLagMs,
            Latencies.Summary create,
            Latencies.Summary process,
            Latencies.Summary createToVisible,
            Map<String, Long> outcomes,
            String firstFailure,
            double sustainedPerSecond,
            CostMeter.Cpu cpu,
            CostMeter.RoundTrips roundTrips) {}

    private final BenchSettings settings;
    private final PipelineClient client;

    Lifecycle(BenchSettings settings, PipelineClient client) {
        this.settings = settings;
        this.client = client;
    }

    Result run() throws Exception {
        try (CostMeter meter = new CostMeter(settings, client, Map.of())) {
            return run(meter);
        }
    }

    private Result run(CostMeter meter) throws Exception {
        CostMeter.Snapshot before = meter.snapshot();
        Latencies create = new Latencies();
        Latencies process = new Latencies();
        Latencies visible = new Latencies();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Duration drain = settings.visibleTimeout().plusSeconds(60);
        OpenLoop.Result run = OpenLoop.run(settings.lifecycleRate(), settings.lifecycleDuration(), drain, (i, due) -> {
            long[] processSent = new long[1];
            return client.create(1_000_000_000L + i)
                    .thenCompose(orderId -> {
                        long now = System.nanoTime();
                        create.recordNanos(now - due);
                        processSent[0] = now;
                        return client.process(orderId).thenApply(ignored -> orderId);
                    })
                    .thenCompose(orderId -> {
                        process.recordNanos(System.nanoTime() - processSent[0]);
                        return client.awaitOutcome(orderId);
                    })
                    .whenComplete((status, failure) -> {
                        if (failure == null) {
                            visible.recordNanos(System.nanoTime() - due);
                            outcomes.computeIfAbsent(status, s -> new LongAdder())
                                    .increment();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, failure.toString());
                        }
                    });
        });
        long loopEnd = System.nanoTime();
        boolean quiet = meter.awaitQuiet();
        double quietAfter = (System.nanoTime() - loopEnd) / 1e9;
        CostMeter.Snapshot after = meter.snapshot();
        long lifecycles = Math.max(1, run.sent());
        CostMeter.Cpu cpu = meter.cpu(before, after, lifecycles, quietAfter, quiet, CostMeter.PIPELINE);
        CostMeter.RoundTrips roundTrips = meter.roundTrips(before, after, lifecycles);
        Latencies.Summary createToVisible = visible.summary();
        Bench.progress(
                "lifecycle %d/s: %d of %d visible, p99 create→visible %.1f ms%s",
                settings.lifecycleRate(),
                createToVisible.count(),
                run.sent(),
                createToVisible.p99(),
                firstFailure.get() == null ? "" : "; first failure: " + firstFailure.get());
        return new Result(
                settings.lifecycleRate(),
                settings.lifecycleDuration(),
                settings.describe().get("visibility"),
                run.sent(),
                createToVisible.count(),
                failed.get() + (run.sent() - run.completed()),
                createToVisible.count() / (run.elapsed().toNanos() / 1e9),
                run.maxSendLag().toNanos() / 1e6,
                create.summary(),
                process.summary(),
                createToVisible,
                outcomes.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().sum())),
                firstFailure.get(),
                createToVisible.count() / (settings.lifecycleDuration().toNanos() / 1e9),
                cpu,
                roundTrips);
    }
}
