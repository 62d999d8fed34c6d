package io.orderpipeline.orders.outbox;

import com.mongodb.MongoException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.EventTypes;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every commit to {@link Topics#ORDER_EVENTS} at least once, keyed by order id, in the order MongoDB
 * inserted them: the lease holder reads the inserts into {@code commits} from a change stream, so the commits of
 * every instance arrive through the one stream, and an order's commits in version order (the next version is
 * inserted only after the previous one was acknowledged). The events of a commit marked {@code forProcessor} (a
 * processing request, and the ship or cancel that ends a processed order) also go to {@link
 * Topics#PROCESSING_REQUESTS}, so the processor reads only what it acts on; the order marks them, as only it knows the
 * status a cancel came from. Every {@code OrderProcessingRequested} goes there too by its type, as commits stored
 * before the mark lack it. Events are sent as stored: the commit's event documents are the envelope's JSON, so they
 * are not decoded and encoded again.
 *
 * <p>One thread sends a batch through the idempotent producer (which keeps each partition in send order), waits for
 * the broker's acknowledgements in stream order and hands the {@link OutboxLease} the {@link OutboxPosition} of the
 * last acknowledged commit; the lease's next renewal stores it (at most once per renewal, in the same update). A
 * failed round reopens the stream after the last acknowledged commit, so a failure yields duplicates, never a loss;
 * a new holder resumes after the stored position, so a take-over re-sends at most a renewal interval's commits.
 * Consumers drop duplicates by version.
 *
 * <p>Where the stream cannot resume (no position stored yet, or the oplog no longer holds it: ChangeStreamHistoryLost),
 * the relay opens a new stream and then catches up from the store: every commit made since a margin before the
 * position (every commit when there is none), by order and version, skipping afterwards what the stream repeats of
 * them.
 *
 * <p>Of several instances only the holder publishes, so two relays never interleave the versions of one order; the
 * others stand by, trying for the lease only when it can have expired. The HTTP path never waits for Kafka. While the
 * broker is away, rounds fail after the producer's {@code max.block.ms} or the send timeout and are retried every poll
 * interval; the topics are (re)declared before the first round after a failure, so a broker that comes back empty
 * gets them.
 *
 * <p>Metrics: {@code orders.outbox.backlog} (commits read from the stream or the store, not yet acknowledged), {@code
 * orders.outbox.lag} (age of the oldest of them; zero while the stream has nothing more), {@code
 * orders.outbox.publish.lag} (commit to broker acknowledgement), {@code orders.outbox.published} (events acknowledged
 * by this instance), {@code orders.outbox.lease.held} and {@code orders.outbox.lease.attempts}.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final int CHANGE_STREAM_HISTORY_LOST = 286;
    private static final String PROCESSING_REQUESTED = EventTypes.nameOf(OrderProcessingRequested.class);

    /**
     * The least time between two reads of the change stream that find nothing: the most a commit waits for the relay
     * on a server whose empty reads return at once, and at most 40 empty reads a second there.
     */
    private static final long EMPTY_READ_PAUSE_MILLIS = 25;

    /** The shortest wait between rounds of a standby whose attempt on the lease is due. */
    private static final long MIN_WAIT_MILLIS = 10;

    /** Relaxed JSON writes numbers as plain JSON numbers, as the codec that wrote the stored event did. */
    private static final JsonWriterSettings JSON =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final MongoCollection<Document> commits;
    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaAdmin admin;
    private final OutboxProperties properties;
    private final OutboxLease lease;
    private final Clock clock;
    private final Tracer tracer;
    private final Propagator propagator;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final Timer publishLag;
    private final Counter published;
    private volatile Instant oldestUnacknowledged;
    private volatile boolean running;
    private boolean topicsDeclared = true;
    private long leaseTaken;
    private OutboxPosition resumeFrom;
    private boolean historyLost;
    private Thread worker;
    private Thread heartbeat;

    OutboxRelay(
            KafkaTemplate<String, byte[]> kafka,
            KafkaAdmin admin,
            MongoTemplate mongo,
            OutboxProperties properties,
            MeterRegistry meters,
            Clock clock,
            Tracer tracer,
            Propagator propagator) {
        this.commits = mongo.getCollection("commits");
        this.tracer = tracer;
        this.propagator = propagator;
        this.kafka = kafka;
        this.admin = admin;
        this.properties = properties;
        this.clock = clock;
        this.lease = new OutboxLease(mongo, properties.leaseDuration(), clock, meters);
        Gauge.builder("orders.outbox.backlog", backlog, AtomicLong::get)
                .description("Commits the relay has read from the change stream that the broker has not acknowledged"
                        + " yet (the lease holder's; zero on a standby)")
                .register(meters);
        Gauge.builder("orders.outbox.lag", this, relay -> relay.lagSeconds())
                .description("Age of the oldest commit read but not yet acknowledged; zero while the relay has caught"
                        + " up with the change stream")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("orders.outbox.lease.held", lease, held -> held.isHeld() ? 1 : 0)
                .description("1 if this instance holds the outbox lease and publishes")
                .register(meters);
        this.publishLag = Timer.builder("orders.outbox.publish.lag")
                .description("Time from a commit to the broker's acknowledgement of its last event")
                .publishPercentileHistogram()
                .register(meters);
        this.published = Counter.builder("orders.outbox.published")
                .description("Events acknowledged by the broker on orders.events, sent by this instance")
                .register(meters);
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
     * one cut off from MongoDB, loses it. Each renewal also stores the last acknowledged position.
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
     * with MongoDB gone it would wait out the driver's 30 s server selection in its next read. The release stores the
     * last acknowledged position.
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

    OutboxLease lease() {
        return lease;
    }

    /** What the gauges show and who publishes, from memory: no round trip to MongoDB. */
    OutboxStatus status() {
        return new OutboxStatus(lease.isHeld(), backlog.get(), lagSeconds(), lease.holder());
    }

    /**
     * Sends the order's whole stream to {@link Topics#ORDER_EVENTS} again, in version order, from this instance
     * whether it holds the lease or not: the versions are ones consumers already had or missed, so they drop or
     * apply them whatever else arrives meanwhile. Not to the processing requests: the processor acted on them.
     *
     * @return how many commits the order has, zero if none
     */
    long republish(String orderId) {
        long count = 0;
        for (Document commit : commits.find(Filters.eq("orderId", orderId)).sort(Sorts.ascending("fromVersion"))) {
            send(commit, false).whenComplete((sent, failure) -> {
                if (failure != null) {
                    log.warn("Republishing order {} failed: {}", orderId, failure.toString());
                }
            });
            count++;
        }
        return count;
    }

    private void relayUntilStopped() {
        while (running) {
            try {
                if (lease.holdOrAcquire()) {
                    relayWhileHeld();
                } else {
                    awaitLease();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (MongoException e) {
                if (e.getCode() == CHANGE_STREAM_HISTORY_LOST) {
                    historyLost = true;
                    log.warn(
                            "Outbox position no longer in the oplog; catching up from the commits since it: {}",
                            e.toString());
                } else {
                    failed(e);
                }
            } catch (RuntimeException e) {
                failed(e);
            }
            if (!lease.isHeld()) {
                // The gauges are the holder's: what a failed round left unacknowledged stays shown until it is retried.
                backlog.set(0);
                oldestUnacknowledged = null;
            }
        }
    }

    private void failed(RuntimeException e) {
        topicsDeclared = false;
        log.warn("Outbox relay round failed, retrying in {}: {}", properties.pollInterval(), e.toString());
        try {
            await(properties.pollInterval().toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Publishes from the change stream while this relay holds the lease: from the stored position after taking it,
     * from the last acknowledged commit after a failed round.
     */
    private void relayWhileHeld() throws InterruptedException {
        if (lease.taken() != leaseTaken) {
            leaseTaken = lease.taken();
            resumeFrom = lease.takenPosition();
            historyLost = false;
        }
        Map<String, Long> caughtUp = Map.of();
        MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream;
        if (resumeFrom == null || resumeFrom.resumeToken() == null || historyLost) {
            Instant opened = clock.instant();
            stream = changeStream(null).cursor();
            try {
                caughtUp = catchUp(
                        resumeFrom == null
                                ? Instant.EPOCH
                                : resumeFrom.committedAt().minus(properties.catchUpMargin()));
            } catch (RuntimeException | InterruptedException e) {
                stream.close();
                throw e;
            }
            // Where a server reports the stream's start (a replica set does), the next holder resumes there.
            acknowledged(new OutboxPosition(stream.getResumeToken(), opened));
            historyLost = false;
        } else {
            stream = changeStream(resumeFrom.resumeToken()).cursor();
        }
        try (stream) {
            while (running && lease.isHeld()) {
                long reading = System.nanoTime();
                List<ChangeStreamDocument<Document>> batch = nextBatch(stream);
                if (batch.isEmpty()) {
                    oldestUnacknowledged = null;
                    pauseIfAnsweredAtOnce(reading);
                } else {
                    publish(batch, caughtUp);
                }
            }
        }
    }

    private ChangeStreamIterable<Document> changeStream(BsonDocument resumeAfter) {
        ChangeStreamIterable<Document> stream = commits.watch(
                        List.of(Aggregates.match(Filters.eq("operationType", "insert"))))
                .batchSize(properties.batchSize())
                .maxAwaitTime(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        return resumeAfter == null ? stream : stream.resumeAfter(resumeAfter);
    }

    /** What the stream holds now, up to a batch; empty if it had nothing within its await time. */
    private List<ChangeStreamDocument<Document>> nextBatch(
            MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream) {
        List<ChangeStreamDocument<Document>> batch = new ArrayList<>();
        for (ChangeStreamDocument<Document> change = stream.tryNext(); change != null; change = stream.tryNext()) {
            batch.add(change);
            if (batch.size() >= properties.batchSize() || stream.available() == 0) {
                break;
            }
        }
        return batch;
    }

    /**
     * Sends every commit made since {@code since}, by order and version, a batch at a time; answers each order's last
     * version sent, so that what the stream repeats of them is skipped.
     */
    private Map<String, Long> catchUp(Instant since) throws InterruptedException {
        Map<String, Long> sent = new HashMap<>();
        List<Document> batch = new ArrayList<>(properties.batchSize());
        long total = 0;
        try (MongoCursor<Document> found = commits.find(Filters.gte("committedAt", Date.from(since)))
                .sort(Sorts.ascending("orderId", "fromVersion"))
                .batchSize(properties.batchSize())
                .cursor()) {
            while (found.hasNext()) {
                batch.add(found.next());
                if (batch.size() == properties.batchSize() || !found.hasNext()) {
                    publishAll(batch);
                    batch.forEach(commit -> sent.put(commit.getString("orderId"), toVersion(commit)));
                    total += batch.size();
                    batch.clear();
                }
            }
        }
        log.info("Outbox caught up: {} commits made since {} sent", total, since);
        return sent;
    }

    private void publishAll(List<Document> batch) throws InterruptedException {
        backlog.set(batch.size());
        oldestUnacknowledged = batch.stream()
                .map(OutboxRelay::committedAt)
                .min(Instant::compareTo)
                .orElse(null);
        declareTopicsIfNeeded();
        List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
        for (Document commit : batch) {
            requireLease();
            sends.add(send(commit, true));
        }
        for (int i = 0; i < sends.size(); i++) {
            awaitAcknowledgement(sends.get(i), i, sends.size());
            backlog.decrementAndGet();
        }
    }

    /**
     * Sends the batch, waits for the broker in stream order and acknowledges the position of the last commit it
     * acknowledged, with everything before it. Sends only while this relay holds the lease: one that lost it (cut off
     * from MongoDB) stops at once and leaves the rest to whichever relay holds it then.
     */
    private void publish(List<ChangeStreamDocument<Document>> batch, Map<String, Long> caughtUp)
            throws InterruptedException {
        backlog.set(batch.size());
        oldestUnacknowledged = committedAt(batch.getFirst().getFullDocument());
        declareTopicsIfNeeded();
        List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
        for (ChangeStreamDocument<Document> change : batch) {
            if (!lease.isHeld()) {
                break;
            }
            Document commit = change.getFullDocument();
            Long sent = caughtUp.get(commit.getString("orderId"));
            sends.add(
                    sent != null && toVersion(commit) <= sent
                            ? CompletableFuture.completedFuture(null)
                            : send(commit, true));
        }
        OutboxPosition last = null;
        try {
            for (int i = 0; i < sends.size(); i++) {
                awaitAcknowledgement(sends.get(i), i, sends.size());
                Document commit = batch.get(i).getFullDocument();
                last = new OutboxPosition(batch.get(i).getResumeToken(), committedAt(commit));
                backlog.decrementAndGet();
            }
        } finally {
            if (last != null) {
                acknowledged(last);
            }
        }
    }

    /** After a failure, before sending: a broker that came back empty gets the topics. */
    private void declareTopicsIfNeeded() {
        if (!topicsDeclared) {
            topicsDeclared = admin.initialize();
        }
    }

    private void acknowledged(OutboxPosition position) {
        resumeFrom = position;
        lease.acknowledged(position);
    }

    private void awaitAcknowledgement(CompletableFuture<?> send, int index, int of) throws InterruptedException {
        try {
            send.get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "broker did not acknowledge commit " + (index + 1) + " of " + of + " in this round", e);
        }
    }

    private void requireLease() {
        if (!lease.isHeld()) {
            throw new IllegalStateException("outbox lease lost");
        }
    }

    /**
     * Sends the commit's events as stored, keyed by their order, with the envelope's identity, the commit's time and,
     * for a recorded processing outcome, the processor's decision time in headers; completes when all are
     * acknowledged. The sends happen inside a {@code publish} span continuing the trace stored with the commit (not
     * this thread's), so the template's producer spans and their {@code traceparent} headers belong to the command
     * that made the commit; the span ends with the broker's acknowledgement.
     */
    private CompletableFuture<?> send(Document commit, boolean withRequests) {
        String orderId = commit.getString("orderId");
        Instant committedAt = committedAt(commit);
        Document traceContext = commit.get("trace", Document.class);
        Span publish = propagator
                .extract(traceContext == null ? new Document() : traceContext, Document::getString)
                .name("publish")
                .tag("order.id", orderId)
                .tag("order.version", String.valueOf(toVersion(commit)))
                .tag(
                        "outbox.lag.ms",
                        String.valueOf(
                                Duration.between(committedAt, clock.instant()).toMillis()))
                .start();
        List<Document> events = commit.getList("events", Document.class);
        // Once per commit, shared by its records: the hops the live page shows (commit, and a processor's decision).
        Header committed = header(EventHeaders.COMMITTED_AT, EventCodec.timestamp(committedAt));
        Date decidedAt = commit.getDate("decidedAt");
        Header decided =
                decidedAt == null ? null : header(EventHeaders.DECIDED_AT, EventCodec.timestamp(decidedAt.toInstant()));
        boolean forProcessor = commit.getBoolean("forProcessor", false);
        List<CompletableFuture<?>> sends = new ArrayList<>(2 * events.size());
        try (Tracer.SpanInScope inPublish = tracer.withSpan(publish)) {
            for (Document event : events) {
                byte[] value = event.toJson(JSON).getBytes(StandardCharsets.UTF_8);
                String type = event.getString("type");
                List<Header> headers = new ArrayList<>(7);
                headers.add(header(EventHeaders.EVENT_TYPE, type));
                headers.add(header(EventHeaders.EVENT_ID, event.getString("eventId")));
                headers.add(header(EventHeaders.SCHEMA_VERSION, String.valueOf(event.get("schemaVersion"))));
                headers.add(header(EventHeaders.CORRELATION_ID, event.getString("correlationId")));
                headers.add(committed);
                if (decided != null) {
                    headers.add(decided);
                }
                sends.add(kafka.send(new ProducerRecord<>(Topics.ORDER_EVENTS, null, orderId, value, headers)));
                if (withRequests && (forProcessor || PROCESSING_REQUESTED.equals(type))) {
                    // A list of its own: RecordHeaders adopts an ArrayList as is, and the send writes traceparent.
                    sends.add(kafka.send(new ProducerRecord<>(
                            Topics.PROCESSING_REQUESTS, null, orderId, value, new ArrayList<>(headers))));
                }
            }
        } catch (RuntimeException e) {
            publish.error(e).end();
            throw e;
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((sent, failure) -> {
            if (failure != null) {
                publish.error(failure);
            } else {
                publishLag.record(Duration.between(committedAt, clock.instant()));
                published.increment(events.size());
            }
            publish.end();
        });
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Instant committedAt(Document commit) {
        return commit.getDate("committedAt").toInstant();
    }

    private static long toVersion(Document commit) {
        return commit.get("toVersion", Number.class).longValue();
    }

    private double lagSeconds() {
        Instant oldest = oldestUnacknowledged;
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    /**
     * A replica set holds an empty read for the await time; a server that answers at once (mongo-java-server's
     * change streams) would have this thread spin on empty reads, so it pauses briefly instead.
     */
    private void pauseIfAnsweredAtOnce(long readingSince) throws InterruptedException {
        long tookMillis = (System.nanoTime() - readingSince) / 1_000_000;
        if (tookMillis < EMPTY_READ_PAUSE_MILLIS) {
            await(EMPTY_READ_PAUSE_MILLIS - tookMillis);
        }
    }

    /** Until the lease this standby waits for can have expired, the poll interval at most. */
    private void awaitLease() throws InterruptedException {
        long waitMillis = Math.clamp(
                lease.untilNextAttempt().toMillis(),
                MIN_WAIT_MILLIS,
                properties.pollInterval().toMillis());
        await(waitMillis);
    }

    private void await(long millis) throws InterruptedException {
        wakeUps.tryAcquire(millis, TimeUnit.MILLISECONDS);
        wakeUps.drainPermits();
    }
}
