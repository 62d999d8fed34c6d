package io.orderpipeline.query.projection;

import io.orderpipeline.events.Topics;
import io.orderpipeline.query.QueryProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the read model from offset zero into the next generation of tables while the live tables keep
 * answering, then swaps the generations atomically.
 *
 * <p>A consumer of its own (assigned, not in the live group) projects the whole log of both projected topics into the
 * next tables with the same {@link Projection} and {@link InventoryProjection} as the live side; records the live side
 * sent to the dead-letter topic are stepped over.
 * It reads the next batch while its writers decode and write the last one, and loads the next tables without their
 * secondary indexes, refreshing their statistics as they grow. Once it is within {@code switchLag} records of the
 * live offsets, it builds those indexes, catches up again, and one transaction holds the live batches (readers go
 * on), applies the last records, renames the next tables into place and commits. After a failed attempt the
 * consumer seeks back to what the next tables have stored, as the live side does on assignment.
 */
@Component
class Rebuild implements DisposableBean {

    enum Phase {
        IDLE,
        REBUILDING,
        SWITCHING,
        COMPLETED,
        FAILED,
        CANCELLED
    }

    /**
     * @param generation how many rebuilds were switched in since this instance started
     * @param positions next offset of the rebuild per partition of {@code orders.events}
     * @param parked events the rebuild parked with their order, as the live side does
     */
    record State(
            Phase phase,
            int generation,
            Instant startedAt,
            Instant finishedAt,
            String reason,
            Map<Integer, Long> positions,
            long applied,
            long skipped,
            long parked) {

        boolean active() {
            return phase == Phase.REBUILDING || phase == Phase.SWITCHING;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final String TOPIC = Topics.ORDER_EVENTS;

    /** Every topic the read model is projected from. */
    private static final List<String> TOPICS = List.of(TOPIC, InventoryProjection.TOPIC);

    /**
     * Events applied before the next tables' statistics are first refreshed; then again each time the count has
     * doubled, so a rebuild of n events analyzes about log2(n / 1000) times.
     */
    private static final long FIRST_ANALYZE = 1_000;

    private final Projection projection;
    private final InventoryProjection inventory;
    private final ProjectionStore store;
    private final ParkedIds parkedIds;
    private final ConsumerFactory<Object, Object> consumers;
    private final TransactionTemplate transaction;
    private final QueryProperties.Rebuild settings;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<State> state =
            new AtomicReference<>(new State(Phase.IDLE, 0, null, null, null, Map.of(), 0, 0, 0));
    private volatile boolean stopRequested;
    private Thread worker;

    Rebuild(
            Projection projection,
            InventoryProjection inventory,
            ProjectionStore store,
            ParkedIds parkedIds,
            ConsumerFactory<Object, Object> consumers,
            PlatformTransactionManager transactionManager,
            QueryProperties properties) {
        this.projection = projection;
        this.inventory = inventory;
        this.store = store;
        this.parkedIds = parkedIds;
        this.consumers = consumers;
        this.transaction = new TransactionTemplate(transactionManager);
        this.settings = properties.rebuild();
    }

    State state() {
        return state.get();
    }

    /** @param started whether this call started it, or one was running already */
    record Start(boolean started, State state) {}

    /** Starts a rebuild, unless one is running. */
    synchronized Start start() {
        if (state.get().active()) {
            return new Start(false, state.get());
        }
        longRunning(store::createNextTables);
        stopRequested = false;
        state.set(
                new State(Phase.REBUILDING, state.get().generation(), clock.instant(), null, null, Map.of(), 0, 0, 0));
        worker = Thread.ofPlatform().name("read-model-rebuild").daemon(true).start(this::run);
        return new Start(true, state.get());
    }

    /** Stops a running rebuild; the live tables stay as they are and the next tables are dropped. */
    synchronized State cancel() {
        if (state.get().active()) {
            stopRequested = true;
        }
        return state.get();
    }

    @Override
    public void destroy() throws InterruptedException {
        Thread running;
        synchronized (this) {
            stopRequested = true;
            running = worker;
        }
        if (running != null) {
            running.join(settings.switchTimeout().plus(settings.pollTimeout()).toMillis());
        }
    }

    private void run() {
        try (ExecutorService writers = Executors.newFixedThreadPool(
                        settings.parallelism(),
                        Thread.ofPlatform().name("rebuild-writer-", 0).factory());
                Consumer<Object, Object> consumer =
                        consumers.createConsumer("query-service-rebuild", "rebuild", null, consumerOverrides())) {
            List<TopicPartition> partitions = partitionsOf(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<CompletableFuture<Written>> writing = List.of();
            boolean indexed = false;
            long analyzeAt = FIRST_ANALYZE;
            while (!stopRequested) {
                // Reading the next batch while the last one is written keeps both sides busy.
                Read read = Read.of(consumer.poll(settings.pollTimeout()), consumer);
                finish(writing);
                writing = write(read, writers);
                if (state.get().applied() >= analyzeAt) {
                    longRunning(() -> store.analyzeNextTables(false));
                    analyzeAt = 2 * state.get().applied();
                }
                if (!writing.isEmpty()) {
                    continue;
                }
                partitions = widened(consumer, partitions);
                if (!nearLive(consumer, partitions)) {
                    continue;
                }
                if (!indexed) {
                    longRunning(() -> {
                        store.indexNextTables();
                        store.analyzeNextTables(true);
                    });
                    indexed = true;
                    log.info("Rebuild indexed the next tables; catching up before the switch");
                } else if (trySwitch(consumer, partitions)) {
                    update(s -> new State(
                            Phase.COMPLETED,
                            s.generation() + 1,
                            s.startedAt(),
                            clock.instant(),
                            null,
                            s.positions(),
                            s.applied(),
                            s.skipped(),
                            s.parked()));
                    log.info("Rebuilt read model switched in: {}", state.get());
                    return;
                }
            }
            finish(writing);
            longRunning(store::dropNextTables);
            update(s -> ended(s, Phase.CANCELLED, "cancelled"));
        } catch (RuntimeException e) {
            log.error("Rebuild of the read model failed; the live tables stay in place", e);
            String reason = e.getMessage();
            try {
                longRunning(store::dropNextTables);
            } catch (RuntimeException dropFailure) {
                log.error("Could not drop the next tables of the failed rebuild", dropFailure);
                reason = reason + "; the next tables could not be dropped: " + dropFailure.getMessage();
            }
            String why = reason;
            update(s -> ended(s, Phase.FAILED, why));
        }
    }

    /**
     * Starts writing each partition's records in a transaction of its own, in parallel, decoding included: partitions
     * share no offsets row and (one key, one partition) almost never an order, and the fresh tables have no readers
     * to keep consistent. An order parked at a gap its other partition filled meanwhile is drained at the switch.
     */
    private List<CompletableFuture<Written>> write(Read read, ExecutorService writers) {
        return read.records().entrySet().stream()
                .map(partition -> CompletableFuture.supplyAsync(
                        () -> apply(
                                partition.getKey().topic(),
                                partition.getValue(),
                                Map.of(
                                        partition.getKey().partition(),
                                        read.positions().get(partition.getKey()))),
                        writers))
                .toList();
    }

    /** Applies one topic's records to the next tables, as its live projection would. */
    private Written apply(String topic, List<ConsumerRecord<Object, Object>> records, Map<Integer, Long> positions) {
        if (topic.equals(TOPIC)) {
            return Written.of(projection.apply(
                    ProjectionTables.NEXT, TOPIC, Batch.decode(records, positions), Projection.DeadLetters.NONE));
        }
        return Written.of(inventory.apply(ProjectionTables.NEXT, records, positions, Projection.DeadLetters.NONE));
    }

    /**
     * What a write did, for the state.
     *
     * @param positions next offset per partition of {@code orders.events}; empty for the inventory
     */
    private record Written(Map<Integer, Long> positions, long applied, long skipped, long parked) {

        static Written of(BatchPlan plan) {
            Map<Integer, Long> positions = new TreeMap<>();
            plan.progress.forEach((partition, progress) -> positions.put(partition, progress.nextOffset()));
            return new Written(positions, plan.applied, plan.skipped, plan.parkedEvents);
        }

        static Written of(StockPlan plan) {
            return new Written(Map.of(), plan.applied, plan.deadLetters.size(), 0);
        }
    }

    /**
     * What one poll read, by partition, still undecoded (the consumer hands the rebuild raw bytes, see {@link
     * #consumerOverrides()}), with the consumer's position after it.
     */
    private record Read(
            Map<TopicPartition, List<ConsumerRecord<Object, Object>>> records, Map<TopicPartition, Long> positions) {

        static Read of(ConsumerRecords<Object, Object> polled, Consumer<Object, Object> consumer) {
            Map<TopicPartition, List<ConsumerRecord<Object, Object>>> records = new HashMap<>();
            Map<TopicPartition, Long> positions = new HashMap<>();
            for (TopicPartition partition : polled.partitions()) {
                records.put(partition, polled.records(partition));
                positions.put(partition, consumer.position(partition));
            }
            return new Read(records, positions);
        }

        /** The records of one topic, every partition's in log order. */
        List<ConsumerRecord<Object, Object>> records(String topic) {
            return records.entrySet().stream()
                    .filter(partition -> partition.getKey().topic().equals(topic))
                    .flatMap(partition -> partition.getValue().stream())
                    .toList();
        }

        Map<Integer, Long> positions(String topic) {
            Map<Integer, Long> of = new HashMap<>();
            positions.forEach((partition, position) -> {
                if (partition.topic().equals(topic)) {
                    of.put(partition.partition(), position);
                }
            });
            return of;
        }
    }

    /** Waits for the writes and records their progress. */
    private void finish(List<CompletableFuture<Written>> writes) {
        for (CompletableFuture<Written> write : writes) {
            Written plan;
            try {
                plan = write.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            record(plan);
        }
    }

    private void record(Written written) {
        update(s -> {
            Map<Integer, Long> positions = new TreeMap<>(s.positions());
            positions.putAll(written.positions());
            return new State(
                    s.phase(),
                    s.generation(),
                    s.startedAt(),
                    null,
                    null,
                    positions,
                    s.applied() + written.applied(),
                    s.skipped() + written.skipped(),
                    s.parked() + written.parked());
        });
    }

    /**
     * The partitions of every projected topic. A topic not created yet (no stock changed so far) has none: listed,
     * not asked for by name, so a missing topic costs no wait for its metadata.
     */
    private static List<TopicPartition> partitionsOf(Consumer<Object, Object> consumer) {
        var existing = consumer.listTopics();
        return TOPICS.stream()
                .flatMap(topic -> existing.getOrDefault(topic, List.of()).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
                .toList();
    }

    /**
     * Adds the partitions the live side stores offsets for but the rebuild does not read (a topic created, or grown,
     * since it started), from the beginning: switched in without them, their rows would be lost.
     */
    private List<TopicPartition> widened(Consumer<Object, Object> consumer, List<TopicPartition> partitions) {
        List<TopicPartition> missing = stored(ProjectionTables.LIVE).keySet().stream()
                .filter(partition -> !partitions.contains(partition))
                .toList();
        if (missing.isEmpty()) {
            return partitions;
        }
        List<TopicPartition> all = new ArrayList<>(partitions);
        all.addAll(missing);
        consumer.assign(all);
        consumer.seekToBeginning(missing);
        log.info("Rebuild also reads {}, projected live since it started", missing);
        return List.copyOf(all);
    }

    private boolean nearLive(Consumer<Object, Object> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, StoredOffset> live = stored(ProjectionTables.LIVE);
        long behind = 0;
        for (TopicPartition partition : partitions) {
            StoredOffset liveOffset = live.get(partition);
            if (liveOffset != null) {
                behind += Math.max(0, liveOffset.nextOffset() - consumer.position(partition));
            }
        }
        return behind <= settings.switchLag();
    }

    /** @return whether the next tables are now the live ones */
    private boolean trySwitch(Consumer<Object, Object> consumer, List<TopicPartition> partitions) {
        update(s -> withPhase(s, Phase.SWITCHING));
        boolean switched;
        try {
            switched = Boolean.TRUE.equals(transaction.execute(status -> {
                store.allowLongStatements();
                store.holdLiveBatches();
                Map<TopicPartition, StoredOffset> live = stored(ProjectionTables.LIVE);
                if (!partitions.containsAll(live.keySet())) {
                    // A partition appeared since the last look: read it before switching.
                    status.setRollbackOnly();
                    return false;
                }
                Instant deadline = clock.instant().plus(settings.switchTimeout());
                while (behind(consumer, partitions, live)) {
                    if (stopRequested || clock.instant().isAfter(deadline)) {
                        status.setRollbackOnly();
                        return false;
                    }
                    Read read = Read.of(consumer.poll(settings.pollTimeout()), consumer);
                    for (String topic : TOPICS) {
                        List<ConsumerRecord<Object, Object>> records = read.records(topic);
                        if (!records.isEmpty()) {
                            record(apply(topic, records, read.positions(topic)));
                        }
                    }
                }
                // Parked at a gap that a writer of another partition filled at the same time: drained as live does.
                List<String> filled = store.filledGaps(ProjectionTables.NEXT);
                if (!filled.isEmpty()) {
                    record(Written.of(projection.drain(ProjectionTables.NEXT, TOPIC, filled)));
                }
                store.promoteNextTables();
                // before the commit: a live batch waiting for the lock must not trust what it knew of the old tables
                parkedIds.forgetAll();
                return true;
            }));
        } catch (RuntimeException e) {
            seekToStored(consumer, partitions);
            throw e;
        }
        if (!switched) {
            // What the rolled-back attempt read is not in the next tables: read it again.
            seekToStored(consumer, partitions);
            update(s -> withPhase(s, Phase.REBUILDING));
        }
        return switched;
    }

    private static boolean behind(
            Consumer<Object, Object> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, StoredOffset> live) {
        return partitions.stream().anyMatch(partition -> {
            StoredOffset liveOffset = live.get(partition);
            return liveOffset != null && consumer.position(partition) < liveOffset.nextOffset();
        });
    }

    private void seekToStored(Consumer<Object, Object> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, StoredOffset> stored = stored(ProjectionTables.NEXT);
        for (TopicPartition partition : partitions) {
            StoredOffset offset = stored.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.nextOffset());
            }
        }
    }

    /** The offsets a generation stored, of every projected topic. */
    private Map<TopicPartition, StoredOffset> stored(ProjectionTables tables) {
        Map<TopicPartition, StoredOffset> stored = new HashMap<>();
        for (String topic : TOPICS) {
            store.offsets(tables, topic)
                    .forEach((partition, offset) -> stored.put(new TopicPartition(topic, partition), offset));
        }
        return stored;
    }

    private Properties consumerOverrides() {
        var overrides = new Properties();
        // Positions live in the next tables; never commit to Kafka under any group.
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Raw bytes: the writers decode them, in parallel, instead of this one thread in poll().
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Bigger polls than the live side: the rebuild is about throughput, not the latency of one event.
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.batchSize()));
        // Not more per partition than Kafka's default: a poll drains one partition's fetch before the next, and a
        // fetch of 8 MiB filled whole polls from one partition, leaving all but one writer idle.
        overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(1024 * 1024));
        return overrides;
    }

    /** Statements over the whole model (DDL, index builds, statistics): with the projection's longer timeout. */
    private void longRunning(Runnable statements) {
        transaction.executeWithoutResult(status -> {
            store.allowLongStatements();
            statements.run();
        });
    }

    private void update(UnaryOperator<State> change) {
        state.updateAndGet(change);
    }

    private State ended(State s, Phase phase, String reason) {
        return new State(
                phase,
                s.generation(),
                s.startedAt(),
                clock.instant(),
                reason,
                s.positions(),
                s.applied(),
                s.skipped(),
                s.parked());
    }

    private static State withPhase(State s, Phase phase) {
        return new State(
                phase,
                s.generation(),
                s.startedAt(),
                s.finishedAt(),
                s.reason(),
                s.positions(),
                s.applied(),
                s.skipped(),
                s.parked());
    }
}
