package io.orderpipeline.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: request {@code i} is due at {@code start + i / rate}, whatever happened to the ones
 * before it. A slow answer never delays the next send, so a stall of the system shows up in the latencies (measured
 * by the requests from their due time) instead of silently lowering the load: no coordinated omission.
 */
final class OpenLoop {

    /** Sends one request due at {@code dueNanos} ({@link System#nanoTime()}); must not block. */
    interface Request {
        CompletableFuture<?> send(long index, long dueNanos);
    }

    /**
     * @param sent requests sent
     * @param completed requests whose future completed before the drain deadline
     * @param elapsed from the first due time until the last request completed (or the drain deadline)
     * @param maxSendLag how late the generator itself sent a request after its due time; large values mean the
     *     generator, not the system under test, was short of CPU (the latencies still count from the due time)
     */
    record Result(long sent, long completed, Duration elapsed, Duration maxSendLag) {

        double throughput() {
            return elapsed.isZero() ? 0 : completed / (elapsed.toNanos() / 1e9);
        }
    }

    private OpenLoop() {}

    static Result run(int ratePerSecond, Duration duration, Duration drainTimeout, Request request)
            throws InterruptedException {
        long count = Math.max(1, duration.toNanos() * ratePerSecond / 1_000_000_000L);
        double interval = 1e9 / ratePerSecond;
        CountDownLatch done = new CountDownLatch(Math.toIntExact(count));
        AtomicLong lastCompletion = new AtomicLong();
        long maxLag = 0;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, -wait);
            CompletableFuture<?> answer;
            try {
                answer = request.send(i, due);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((ignored, failure) -> {
                lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                done.countDown();
            });
        }
        boolean drained = done.await(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        long end = drained ? lastCompletion.get() : System.nanoTime();
        return new Result(count, count - done.getCount(), Duration.ofNanos(end - start), Duration.ofNanos(maxLag));
    }
}
