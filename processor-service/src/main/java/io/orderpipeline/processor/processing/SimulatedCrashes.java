package io.orderpipeline.processor.processing;

import io.orderpipeline.events.EventEnvelope;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Picks the batches that crash (see {@link ProcessingFaults}): a batch crashes when one of its requests is picked,
 * seeded by the request's event id. An attempt right after a crash on the same listener thread never crashes, so
 * the retry of a crashed batch succeeds and the after-rollback processor never runs out of attempts because of a
 * simulated crash (which would send a whole healthy batch to the dead-letter topic).
 */
@Component
class SimulatedCrashes {

    /** Keeps the crash lottery independent of the decision lottery, which is seeded by the order id. */
    private static final long SALT = 0x5DEECE66DL;

    private final double crashRate;
    private final ThreadLocal<Boolean> crashedLastAttempt = ThreadLocal.withInitial(() -> false);

    SimulatedCrashes(ProcessingFaults faults) {
        this.crashRate = faults.crashRate();
    }

    /** Whether the current attempt at this batch of requests crashes. */
    boolean crashNow(List<EventEnvelope> requests) {
        boolean crash = crashRate > 0
                && !crashedLastAttempt.get()
                && requests.stream().anyMatch(request -> picked(request.eventId()));
        crashedLastAttempt.set(crash);
        return crash;
    }

    private boolean picked(UUID requestId) {
        return new SplittableRandom(Decider.seedOf(requestId.toString()) ^ SALT).nextDouble() < crashRate;
    }

    /** Thrown on purpose; the message says so, for whoever reads the log. */
    static final class SimulatedCrashException extends RuntimeException {
        SimulatedCrashException(int sent, int total) {
            super("simulated crash after " + sent + " of " + total + " outcomes were sent, before the commit");
        }
    }
}
