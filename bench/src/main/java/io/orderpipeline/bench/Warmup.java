package io.orderpipeline.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Before the measured scenarios: whole lifecycles (create, process, await the outcome), {@code warmup-concurrency}
 * of them in flight, for {@code warmup}; nothing is recorded. A JVM runs its hot paths interpreted until the JIT
 * has seen them thousands of times: measured cold, the first scenario would report the compiler, not the pipeline.
 * Every service's paths (commands, the outcome listener, the projection, the long-poll) and the bench's own HTTP
 * client get that traffic here.
 *
 * @see Report.Warmup
 */
final class Warmup {

    private Warmup() {}

    static Report.Warmup run(BenchSettings settings, PipelineClient client) throws InterruptedException {
        int concurrency = settings.warmupConcurrency();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long started = System.nanoTime();
        long deadline = started + settings.warmup().toNanos();
        long sent = 0;
        // A permit taken just before the deadline is used (one lifecycle starts a moment late), never kept.
        while (System.nanoTime() < deadline
                && inFlight.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            client.create(2_000_000_000L + sent++)
                    .thenCompose(orderId -> client.process(orderId).thenApply(ignored -> orderId))
                    .thenCompose(client::awaitOutcome)
                    .whenComplete((status, failure) -> {
                        if (failure == null) {
                            completed.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, failure.toString());
                        }
                        inFlight.release();
                    });
        }
        // The stragglers finish before anything is measured.
        boolean drained = inFlight.tryAcquire(
                concurrency, settings.visibleTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        long unfinished = drained ? 0 : concurrency - inFlight.availablePermits();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Bench.progress(
                "warm-up: %d lifecycles in %d s, %d failed%s",
                completed.get(),
                took.toSeconds(),
                failed.get() + unfinished,
                firstFailure.get() == null ? "" : "; first failure: " + firstFailure.get());
        return new Report.Warmup(sent, completed.get(), failed.get() + unfinished, took);
    }
}
