package io.orderpipeline.bench;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Before the measured scenarios: whole lifecycles (create, process, await the outcome), {@code warmup-concurrency}
 * of them in flight; nothing is recorded. A JVM runs its hot paths interpreted until the JIT has seen them thousands
 * of times, and its compiler threads then take a large share of the CPU: on two cores, for minutes after a start.
 * Measured meanwhile, the first scenarios would report the compiler, not the pipeline. Every service's paths (commands,
 * the outcome listener, the projection, the long-poll) and the bench's own HTTP client get that traffic here.
 *
 * <p>It lasts at least {@code warmup}, then goes on in {@link #WINDOW}s until the services' JIT compile time ({@link
 * JitActivity}) grew by less than {@link #SETTLED_MS_PER_SECOND} in the last one, and at most {@code warmup-max}.
 * Services that do not publish it get just {@code warmup}.
 *
 * @see Report.Warmup
 */
final class Warmup {

    /** How often the compile time is looked at once the minimum is over. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    /**
     * Compile time per second of wall time, all services together, below which the JIT counts as settled: under 1%
     * of a core each. A service that is still warming up compiles hundreds of milliseconds per second.
     */
    static final double SETTLED_MS_PER_SECOND = 25;

    static boolean isSettled(double compileMsPerSecond) {
        return compileMsPerSecond < SETTLED_MS_PER_SECOND;
    }

    private final BenchSettings settings;
    private final PipelineClient client;
    private final JitActivity jit;
    private final Semaphore inFlight;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private long sent;

    private Warmup(BenchSettings settings, PipelineClient client, JitActivity jit) {
        this.settings = settings;
        this.client = client;
        this.jit = jit;
        this.inFlight = new Semaphore(settings.warmupConcurrency());
    }

    static Report.Warmup run(BenchSettings settings, PipelineClient client, JitActivity jit)
            throws InterruptedException {
        return new Warmup(settings, client, jit).run();
    }

    private Report.Warmup run() throws InterruptedException {
        long started = System.nanoTime();
        long latest = started
                + Math.max(settings.warmup().toNanos(), settings.warmupMax().toNanos());
        long until = started + settings.warmup().toNanos();
        OptionalDouble compiledBefore = jit.compiledMillis();
        long sampledAt = System.nanoTime();
        Double rate = null;
        while (true) {
            sendUntil(until);
            OptionalDouble compiled = jit.compiledMillis();
            long now = System.nanoTime();
            if (compiled.isEmpty() || compiledBefore.isEmpty()) {
                break;
            }
            rate = (compiled.getAsDouble() - compiledBefore.getAsDouble()) / ((now - sampledAt) / 1e9);
            if (isSettled(rate) || now >= latest) {
                break;
            }
            Bench.progress("warm-up: the services' JIT compiled %.0f ms/s, going on", rate);
            compiledBefore = compiled;
            sampledAt = now;
            until = Math.min(now + WINDOW.toNanos(), latest);
        }
        // The stragglers finish before anything is measured.
        int concurrency = settings.warmupConcurrency();
        boolean drained = inFlight.tryAcquire(
                concurrency, settings.visibleTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        long unfinished = drained ? 0 : concurrency - inFlight.availablePermits();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Bench.progress(
                "warm-up: %d lifecycles in %d s, %d failed%s; %s",
                completed.get(),
                took.toSeconds(),
                failed.get() + unfinished,
                firstFailure.get() == null ? "" : " (first failure: " + firstFailure.get() + ")",
                rate == null
                        ? "the services' JIT activity is unknown"
                        : String.format("the services' JIT compiled %.0f ms/s at the end", rate));
        return new Report.Warmup(sent, completed.get(), failed.get() + unfinished, took, rate);
    }

    /** Keeps {@code warmup-concurrency} lifecycles in flight until the deadline. */
    private void sendUntil(long deadline) throws InterruptedException {
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
    }
}
