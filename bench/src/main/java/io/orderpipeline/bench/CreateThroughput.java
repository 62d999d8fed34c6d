package io.orderpipeline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 1: {@code POST /orders} at rising fixed rates, {@code create-step} each (longer at a low rate, so that a
 * step has at least {@code create-min-requests} answers to take a p99 of), until the p99 command latency reaches
 * {@code latency-target} or a request fails; the result is the highest rate that stayed within.
 */
final class CreateThroughput {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    /**
     * @param throughput creates answered per second, measured
     * @param maxSendLagMs how late the generator sent its most delayed request (CPU starvation of the bench itself)
     */
    record Step(
            int rate,
            double throughput,
            long sent,
            long created,
            long failed,
            Latencies.Summary latency,
            double maxSendLagMs,
            boolean withinTarget,
            String firstFailure) {}

    /** @param bestRate the highest offered rate within the target; 0 if none was */
    record Result(List<Step> steps, int bestRate, double bestThroughput, double latencyTargetMs) {}

    private final BenchSettings settings;
    private final PipelineClient client;
    private final AtomicLong orders = new AtomicLong();

    CreateThroughput(BenchSettings settings, PipelineClient client) {
        this.settings = settings;
        this.client = client;
    }

    Result run() throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        Step best = null;
        for (int rate : settings.createRates()) {
            Step step = step(rate, settings.createStepAt(rate));
            steps.add(step);
            Bench.progress(
                    "create %5d/s: %7.1f/s answered, p99 %7.1f ms, %d failed",
                    rate, step.throughput(), step.latency().p99(), step.failed());
            if (!step.withinTarget()) {
                break;
            }
            best = step;
        }
        return new Result(
                steps,
                best == null ? 0 : best.rate(),
                best == null ? 0 : best.throughput(),
                settings.latencyTarget().toNanos() / 1e6);
    }

    private Step step(int rate, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong created = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        OpenLoop.Result run = OpenLoop.run(
                rate,
                duration,
                DRAIN,
                (i, due) -> client.create(orders.incrementAndGet()).whenComplete((orderId, failure) -> {
                    if (failure == null) {
                        latencies.recordNanos(System.nanoTime() - due);
                        created.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, failure.toString());
                    }
                }));
        Latencies.Summary latency = latencies.summary();
        boolean within = failed.get() == 0
                && run.completed() == run.sent()
                && latency.p99() < settings.latencyTarget().toNanos() / 1e6;
        return new Step(
                rate,
                created.get() / (run.elapsed().toNanos() / 1e9),
                run.sent(),
                created.get(),
                failed.get() + (run.sent() - run.completed()),
                latency,
                run.maxSendLag().toNanos() / 1e6,
                within,
                firstFailure.get());
    }
}
