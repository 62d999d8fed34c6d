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
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** What the live projection is doing per partition, for {@code GET /projection} and the metrics. */
@Component
class ProjectionStatus {

    private final Map<Integer, Instant> assigned = new ConcurrentHashMap<>();
    private final AtomicLong parkedOrders = new AtomicLong();
    private final Clock clock;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter alreadyStored;
    private final Counter parked;
    private final Counter deadLettered;
    private final Timer batchDuration;
    private final DistributionSummary batchSize;

    ProjectionStatus(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.applied = events(meters, "applied", "Events applied to the read model");
        this.duplicates = events(meters, "duplicate", "Events skipped because their version was already applied");
        this.alreadyStored = events(meters, "already-stored", "Records read again below the stored offset");
        this.parked = events(meters, "parked", "Events parked with their order");
        this.deadLettered = events(meters, "dead-lettered", "Unreadable records sent to the dead-letter topic");
        this.batchDuration = Timer.builder("query.projection.batch.duration")
                .description("One PostgreSQL transaction of the live projection, applying one poll's records: its count"
                        + " is the projection's committed transactions (a batch PostgreSQL refused adds its retries)")
                .publishPercentileHistogram()
                .register(meters);
        this.batchSize = DistributionSummary.builder("query.projection.batch.size")
                .description("Records per applied poll")
                .register(meters);
        Gauge.builder("query.projection.parked.orders", parkedOrders, AtomicLong::get)
                .description("Orders whose events are parked (alert on > 0): GET /projection lists them")
                .register(meters);
    }

    private static Counter events(MeterRegistry meters, String outcome, String description) {
        return Counter.builder("query.projection.events")
                .description(description)
                .tag("outcome", outcome)
                .register(meters);
    }

    void recorded(BatchPlan plan, int records, Duration took) {
        batchDuration.record(took);
        batchSize.record(records);
        counted(plan);
    }

    /** Counts what a batch, a drain or a rebuild's switch did. */
    void counted(BatchPlan plan) {
        applied.increment(plan.applied);
        duplicates.increment(plan.duplicates);
        alreadyStored.increment(plan.alreadyStored);
        parked.increment(plan.parkedEvents);
        deadLettered.increment(plan.deadLetters.size());
    }

    /** The number of parked orders, as last counted in PostgreSQL (the gauge never waits on the database). */
    void parkedOrders(long count) {
        parkedOrders.set(count);
    }

    long parkedOrders() {
        return parkedOrders.get();
    }

    void running(int partition) {
        assigned.putIfAbsent(partition, clock.instant());
    }

    void unassigned(int partition) {
        assigned.remove(partition);
    }

    /** The partitions this instance projects, with when it got each. */
    Map<Integer, Instant> partitions() {
        return new TreeMap<>(assigned);
    }
}
