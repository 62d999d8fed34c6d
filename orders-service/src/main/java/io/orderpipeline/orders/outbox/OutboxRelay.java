package io.orderpipeline.orders.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.eventstore.Commit;
import io.orderpipeline.orders.eventstore.CommitAppended;
import io.orderpipeline.orders.eventstore.EventStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes every commit to {@link Topics#ORDER_EVENTS} at least once, each order's in version order, keyed by order id. One
 * thread sends commits through the idempotent producer (which keeps each partition in send order), waits for the
 * broker's acknowledgements and marks published only the commits acknowledged before the first failure; the rest
 * stay unpublished and are sent again, so a failure yields duplicates, never a loss.
 *
 * <p>Two ways in. The hot path takes this instance's new commits straight from their {@link CommitAppended}
 * events, without reading MongoDB, whenever their order cannot be broken: the commit creates its order, or the
 * order's previous commit was published by this relay (or comes earlier in the same round). Anything else, and
 * after a start, a failure or taking over the lease, a sweep reads unpublished commits from the store by order and
 * version (never by id, which two instances generate independently): it restores order wherever the hot path could
 * not prove it. Other instances' commits reach the holder as a
 * signal: a standby that appended bumps a counter in the lease document, which the holder reads once per poll
 * interval (by {@code _id}) and sweeps when it moved. As a safety net for a standby that died between its insert
 * and its signal, every instance also counts the unpublished commits once per recount interval, and the holder
 * sweeps when the store holds more than it was told about. While the hot path keeps up, nothing is read back: on
 * MongoDB proper a sweep or a count is cheap, but the local stack's stand-in has no partial index and scans every
 * commit for either, so an idle sweep every second stalled the inserts of every command, and a count every second
 * (80 ms at 120 000 commits) still tripled the p99 of creates at 80/s.
 *
 * <p>Of several instances only the holder of the {@link OutboxLease} publishes, so two relays never interleave the
 * versions of one order; the others stand by, trying for the lease only when it can have expired. The HTTP path never waits for Kafka: it only
 * wakes this thread. While the broker is away, rounds fail after the producer's {@code max.block.ms} and are
 * retried every poll interval; the topic is (re)declared before the first round after a failure, so a broker that
 * comes back empty gets its topic.
 *
 * <p>Metrics: {@code orders.outbox.backlog} (unpublished commits, recounted once per recount interval; in between,
 * the holder adds its own appends and the standbys' signalled ones and takes off what its publishes changed, so a
 * scrape never queries MongoDB; a standby shows its last recount), {@code orders.outbox.publish.lag} (commit to
 * broker acknowledgement), {@code orders.outbox.published} (events acknowledged by this instance), {@code
 * orders.outbox.lease.held} and {@code orders.outbox.lease.attempts} (tries for the lease while not holding it).
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Orders whose last published version the hot path remembers; older ones fall back to the sweep. */
    private static final int TRACKED_ORDERS = 100_000;

    /** The shortest wait between rounds of a standby whose attempt on the lease is due. */
    private static final long MIN_WAIT_MILLIS = 10;

    private final EventStore store;
    private final KafkaTemplate<String, EventEnvelope> kafka;
    private final KafkaAdmin admin;
    private final OutboxProperties properties;
    private final OutboxLease lease;
    private final Clock clock;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Queue<Commit> appended = new ConcurrentLinkedQueue<>();
    private final PublishedVersions publishedVersions = new PublishedVersions(TRACKED_ORDERS);
    private boolean sweepDue = true;
    private final AtomicLong backlog = new AtomicLong();
    private final Timer publishLag;
    private final Counter published;
    private volatile boolean running;
    private boolean topicDeclared = true;
    private Instant recountDue = Instant.MIN;
    private Instant standbyCheckDue = Instant.MIN;
    private long standbyAppendsSeen;
    private Instant signalDue = Instant.MIN;
    private Thread worker;
    private Thread heartbeat;

    OutboxRelay(
            EventStore store,
            KafkaTemplate<String, EventEnvelope> kafka,
            KafkaAdmin admin,
            MongoTemplate mongo,
            OutboxProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.store = store;
        this.kafka = kafka;
        this.admin = admin;
        this.properties = properties;
        this.clock = clock;
        this.lease = new OutboxLease(mongo, properties.leaseDuration(), clock, meters);
        Gauge.builder("orders.outbox.backlog", backlog, AtomicLong::get)
                .description("Commits not yet acknowledged by Kafka: live on the lease holder, as of the last recount"
                        + " on a standby")
                .register(meters);
        Gauge.builder("orders.outbox.lease.held", lease, held -> held.isHeld() ? 1 : 0)
                .description("1 if this instance holds the outbox lease and publishes")
                .register(meters);
        this.publishLag = Timer.builder("orders.outbox.publish.lag")
                .description("Time from a commit to the broker's acknowledgement of its last event")
                .publishPercentileHistogram()
                .register(meters);
        this.published = Counter.builder("orders.outbox.published")
                .description("Events acknowledged by the broker, sent by this instance")
                .register(meters);
    }

    @EventListener
    void on(CommitAppended commit) {
        if (lease.isHeld()) {
            backlog.incrementAndGet();
        }
        appended.add(commit.commit());
        wakeUps.release();
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::relayUntilStopped);
        heartbeat = Thread.ofPlatform().name("outbox-lease").daemon().start(this::renewWhileHeld);
    }

    /**
     * Renews the lease every third of it while this relay holds it, apart from the relay's thread: a round waiting
     * for a slow broker must not let the lease lapse, or a standby would publish beside it. Only a dead instance, or
     * one cut off from MongoDB, loses it.
     */
    private void renewWhileHeld() {
        while (running) {
            try {
                lease.renew();
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Outbox lease not renewed, retrying in {}: {}", lease.renewalInterval(), e.toString());
                }
            }
            try {
                Thread.sleep(lease.renewalInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Lets a round in flight finish (it waits for the broker {@code send-timeout} at most), then interrupts the thread:
     * with MongoDB gone it would wait out the driver's 30 s server selection in its next read.
     */
    @Override
    public void stop() {
        running = false;
        wakeUps.release();
        heartbeat.interrupt();
        try {
            worker.join(properties.sendTimeout().toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(properties.sendTimeout().toMillis());
            }
            heartbeat.join(properties.sendTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.release();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Tells the holder, whichever instance it is, that commits became unpublished again: the same signal a standby
     * gives for its appends, so the holder sweeps within a poll interval and counts them into its backlog.
     */
    void reopened(long commits) {
        if (commits > 0) {
            lease.signalAppended(commits);
        }
    }

    OutboxLease lease() {
        return lease;
    }

    private void relayUntilStopped() {
        while (running) {
            try {
                int read = relayRound();
                lookForOtherCommitsIfDue();
                // A holder with a sweep due sweeps at once; a standby never sweeps, whatever is due.
                if (read < properties.batchSize() && !(sweepDue && lease.isHeld())) {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                topicDeclared = false;
                sweepDue = true;
                log.warn("Outbox relay round failed, retrying in {}: {}", properties.pollInterval(), e.toString());
                awaitWorkQuietly();
            }
        }
    }

    /** One round: nothing without the lease, else a sweep when one is due, else the hot path. */
    private int relayRound() throws InterruptedException {
        boolean held = lease.isHeld();
        if (!lease.holdOrAcquire()) {
            signalAppendedCommits();
            return 0;
        }
        if (!held) {
            // Before the sweep: a signal it misses is one of a commit the sweep reads.
            standbyAppendsSeen = lease.standbyAppends();
            standbyCheckDue = clock.instant().plus(properties.pollInterval());
            // The backlog a standby knew is the store's as of its last recount: count it afresh.
            recountDue = Instant.MIN;
        }
        if (!held || sweepDue) {
            return relayOnce();
        }
        return relayAppended();
    }

    /**
     * A standby's commits are published by the holder's sweeps; tells it how many are there, at most once per poll
     * interval (the holder reads the signals no more often). Only what was queued before the signal is forgotten, so
     * a commit appended meanwhile is signalled next time.
     */
    private void signalAppendedCommits() {
        Instant now = clock.instant();
        int signalled = appended.size();
        if (signalled > 0 && !now.isBefore(signalDue)) {
            lease.signalAppended(signalled);
            for (int i = 0; i < signalled; i++) {
                appended.poll();
            }
            signalDue = now.plus(properties.pollInterval());
        }
    }

    /** Publishes one round of unpublished commits read from the store, by order and version; returns how many. */
    int relayOnce() throws InterruptedException {
        List<Commit> commits = store.unpublished(properties.batchSize());
        sweepDue = commits.size() == properties.batchSize();
        publish(commits);
        Set<ObjectId> swept = commits.stream().map(Commit::id).collect(Collectors.toSet());
        appended.removeIf(commit -> swept.contains(commit.id()));
        return commits.size();
    }

    /**
     * Publishes this instance's new commits without reading them back, as long as each one's predecessor is known
     * to be published; at the first that is not, leaves it and the rest to a sweep (they are in the store).
     */
    private int relayAppended() throws InterruptedException {
        List<Commit> ready = new ArrayList<>();
        Map<String, Long> inThisRound = new HashMap<>();
        for (Commit commit; ready.size() < properties.batchSize() && (commit = appended.poll()) != null; ) {
            long previous = commit.fromVersion() - 1;
            Long known = inThisRound.getOrDefault(commit.orderId(), publishedVersions.of(commit.orderId()));
            if (known != null && known >= commit.toVersion()) {
                continue; // a sweep published it before its append event arrived here
            }
            if (previous != 0 && (known == null || known != previous)) {
                sweepDue = true;
                appended.clear();
                break;
            }
            inThisRound.put(commit.orderId(), commit.toVersion());
            ready.add(commit);
        }
        publish(ready);
        return ready.size();
    }

    /**
     * Sends the commits, waits for the broker, marks the acknowledged prefix published and remembers it. Sends only
     * while this relay holds the lease: one that lost it (cut off from MongoDB) stops at once and leaves the rest to
     * a sweep, by whichever relay holds it then.
     */
    private void publish(List<Commit> commits) throws InterruptedException {
        if (commits.isEmpty()) {
            return;
        }
        if (!topicDeclared) {
            topicDeclared = admin.initialize();
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(commits.size());
        for (Commit commit : commits) {
            if (!lease.isHeld()) {
                sweepDue = true;
                break;
            }
            sends.add(sendAll(commit));
        }
        List<ObjectId> acknowledged = new ArrayList<>(sends.size());
        try {
            for (int i = 0; i < sends.size(); i++) {
                sends.get(i).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                acknowledged.add(commits.get(i).id());
                publishedVersions.record(
                        commits.get(i).orderId(), commits.get(i).toVersion());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "broker did not acknowledge commit " + (acknowledged.size() + 1) + " of " + sends.size()
                            + " in this round",
                    e);
        } finally {
            // Only what this call changed: a commit published twice (a retried round) is not counted off twice.
            backlog.addAndGet(-store.markPublished(acknowledged));
        }
    }

    /** Sends the commit's events; completes when all are acknowledged, recording the lag on the way. */
    private CompletableFuture<?> sendAll(Commit commit) {
        List<CompletableFuture<SendResult<String, EventEnvelope>>> events = commit.events().stream()
                .map(event -> kafka.send(recordOf(commit, event)))
                .toList();
        return CompletableFuture.allOf(events.toArray(CompletableFuture[]::new)).thenRun(() -> {
            publishLag.record(Duration.between(commit.committedAt(), clock.instant()));
            published.increment(events.size());
        });
    }

    /** The event, keyed by its order, carrying the trace context of the request that committed it. */
    private static ProducerRecord<String, EventEnvelope> recordOf(Commit commit, EventEnvelope event) {
        List<Header> trace = commit.traceContext().entrySet().stream()
                .<Header>map(field ->
                        new RecordHeader(field.getKey(), field.getValue().getBytes(StandardCharsets.UTF_8)))
                .toList();
        return new ProducerRecord<>(Topics.ORDER_EVENTS, null, event.orderId(), event, trace);
    }

    /**
     * The holder reads the standbys' signal once per poll interval and sweeps when it moved. Every instance recounts
     * the backlog from the partial index once per recount interval: the in-memory count drifts with other instances'
     * commits. On the holder a sweep is also due when the store holds more unpublished commits than are waiting in
     * {@link #appended}: those are in the store unpublished (an event follows its insert, and only the holder
     * publishes), so anything more is a commit the hot path will never see and no signal announced (its instance
     * died in between). A commit a sweep published just before its event arrived is counted in the queue for one
     * round at most, so it can delay that sweep by one recount, never skip it.
     */
    private void lookForOtherCommitsIfDue() {
        Instant now = clock.instant();
        boolean holder = lease.isHeld();
        if (holder && !now.isBefore(standbyCheckDue)) {
            long standbyAppends = lease.standbyAppends();
            if (standbyAppends != standbyAppendsSeen) {
                backlog.addAndGet(standbyAppends - standbyAppendsSeen);
                standbyAppendsSeen = standbyAppends;
                sweepDue = true;
            }
            standbyCheckDue = now.plus(properties.pollInterval());
        }
        if (!now.isBefore(recountDue)) {
            long unpublished = store.unpublishedCount();
            backlog.set(unpublished);
            if (holder && unpublished > appended.size()) {
                sweepDue = true;
            }
            recountDue = now.plus(properties.recountInterval());
        }
    }

    /** Until woken, the poll interval has passed, or (on a standby) the lease it waits for can have expired. */
    private void awaitWork() throws InterruptedException {
        long waitMillis = properties.pollInterval().toMillis();
        if (!lease.isHeld()) {
            waitMillis = Math.clamp(lease.untilNextAttempt().toMillis(), MIN_WAIT_MILLIS, waitMillis);
        }
        wakeUps.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        wakeUps.drainPermits();
    }

    private void awaitWorkQuietly() {
        try {
            awaitWork();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
