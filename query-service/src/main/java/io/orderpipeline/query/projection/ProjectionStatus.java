package io.orderpipeline.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** What the live projection is doing per partition, for {@code GET /projection} and the metrics. */
@Component
class ProjectionStatus {

    enum State {
        RUNNING,
        STALLED
    }

    /** @param reason why the partition is stalled, or {@code null} while it runs */
    record PartitionState(State state, String reason, Instant since) {}

    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter alreadyStored;
    private final Counter stalls;
    private final Timer batchDuration;
    private final DistributionSummary batchSize;

    ProjectionStatus(MeterRegistry meters) {
        this.clock = Clock.systemUTC();
        this.applied = Counter.builder("query.projection.events")
                .description("Events applied to the read model")
                .tag("outcome", "applied")
                .register(meters);
        this.duplicates = Counter.builder("query.projection.events")
                .description("Events skipped because their version was already applied")
                .tag("outcome", "duplicate")
                .register(meters);
        this.alreadyStored = Counter.builder("query.projection.events")
                .description("Records read again below the stored offset and left out")
                .tag("outcome", "already-stored")
                .register(meters);
        this.stalls = Counter.builder("query.projection.gaps")
                .description("Times a partition stopped at a missing version")
                .register(meters);
        this.batchDuration = Timer.builder("query.projection.batch.duration")
                .description("Time to apply one poll's records in one PostgreSQL transaction")
                .publishPercentileHistogram()
                .register(meters);
        this.batchSize = DistributionSummary.builder("query.projection.batch.size")
                .description("Records per applied poll")
                .register(meters);
        Gauge.builder("query.projection.stalled.partitions", partitions, ProjectionStatus::countStalled)
                .description("Partitions stopped at a missing version")
                .register(meters);
    }

    void recorded(BatchPlan plan, int records, Duration took) {
        batchDuration.record(took);
        batchSize.record(records);
        applied.increment(plan.applied);
        duplicates.increment(plan.duplicates);
        alreadyStored.increment(plan.alreadyStored);
        plan.progress.keySet().stream()
                .filter(partition -> !plan.gaps.containsKey(partition))
                .forEach(this::running);
        plan.gaps.values().forEach(this::stalled);
    }

    void running(int partition) {
        partitions.compute(
                partition,
                (p, current) -> current != null && current.state() == State.RUNNING
                        ? current
                        : new PartitionState(State.RUNNING, null, clock.instant()));
    }

    void stalled(Gap gap) {
        stalls.increment();
        partitions.compute(
                gap.partition(),
                (p, current) -> current != null && gap.reason().equals(current.reason())
                        ? current
                        : new PartitionState(State.STALLED, gap.reason(), clock.instant()));
    }

    void unassigned(int partition) {
        partitions.remove(partition);
    }

    Map<Integer, PartitionState> partitions() {
        return new TreeMap<>(partitions);
    }

    private static double countStalled(Map<Integer, PartitionState> partitions) {
        return partitions.values().stream()
                .filter(state -> state.state() == State.STALLED)
                .count();
    }
}
