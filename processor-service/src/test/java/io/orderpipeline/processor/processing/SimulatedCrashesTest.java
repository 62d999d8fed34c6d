package io.orderpipeline.processor.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderProcessingRequested;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatedCrashesTest {

    @Test
    void neverCrashesWhenSwitchedOff() {
        SimulatedCrashes crashes = new SimulatedCrashes(new ProcessingFaults(0.0));

        assertThat(requests(1_000)).noneMatch(r -> crashes.crashNow(List.of(r)));
    }

    @Test
    void crashesTheFirstAttemptOfAboutTheConfiguredShareOfRequestsButNeverTheRetry() {
        SimulatedCrashes crashes = new SimulatedCrashes(new ProcessingFaults(0.2));

        long crashed = 0;
        for (EventEnvelope request : requests(5_000)) {
            if (crashes.crashNow(List.of(request))) {
                crashed++;
                assertThat(crashes.crashNow(List.of(request))).isFalse();
            }
        }

        assertThat(crashed).isBetween(900L, 1_100L);
    }

    @Test
    void aBatchCrashesWhenAnyOfItsRequestsIsPicked() {
        SimulatedCrashes crashes = new SimulatedCrashes(new ProcessingFaults(1.0));

        assertThat(crashes.crashNow(requests(0))).isFalse();
        assertThat(crashes.crashNow(requests(3))).isTrue();
    }

    private static List<EventEnvelope> requests(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new EventEnvelope(
                        UUID.randomUUID(),
                        "o-" + i,
                        2,
                        Instant.now(),
                        "corr",
                        "cause",
                        new OrderProcessingRequested("c-1", "laptop", 1)))
                .toList();
    }
}
