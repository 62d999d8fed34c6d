package io.orderpipeline.orders.outbox;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.eventstore.Commit;
import io.orderpipeline.orders.eventstore.CommitAppended;
import io.orderpipeline.orders.eventstore.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes every commit to {@link Topics#ORDER_EVENTS} at least once, in commit order, keyed by order id. One
 * thread sends the oldest unpublished commits through the idempotent producer (which keeps each partition in send
 * order), waits for the broker's acknowledgements and marks published only the commits acknowledged before the
 * first failure; the next round sends the rest again, so a failure yields duplicates, never a loss. It is woken by
 * each new commit (no polling delay on the hot path) and also polls, to pick up commits no one told it about.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final EventStore store;
    private final KafkaTemplate<String, EventEnvelope> kafka;
    private final OutboxProperties properties;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;

    OutboxRelay(EventStore store, KafkaTemplate<String, EventEnvelope> kafka, OutboxProperties properties) {
        this.store = store;
        this.kafka = kafka;
        this.properties = properties;
    }

    @EventListener
    void on(CommitAppended appended) {
        wakeUps.release();
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::relayUntilStopped);
    }

    @Override
    public void stop() {
        running = false;
        wakeUps.release();
        try {
            worker.join(properties.sendTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void relayUntilStopped() {
        while (running) {
            try {
                if (relayOnce() < properties.batchSize()) {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox relay round failed, retrying in {}: {}", properties.pollInterval(), e.toString());
                awaitWorkQuietly();
            }
        }
    }

    /** Publishes one round of the oldest unpublished commits; returns how many commits it read. */
    int relayOnce() throws InterruptedException {
        List<Commit> commits = store.unpublished(properties.batchSize());
        List<List<CompletableFuture<SendResult<String, EventEnvelope>>>> sends = new ArrayList<>(commits.size());
        for (Commit commit : commits) {
            sends.add(commit.events().stream()
                    .map(event -> kafka.send(Topics.ORDER_EVENTS, event.orderId(), event))
                    .toList());
        }
        List<ObjectId> acknowledged = new ArrayList<>(commits.size());
        try {
            for (int i = 0; i < commits.size(); i++) {
                CompletableFuture.allOf(sends.get(i).toArray(CompletableFuture[]::new))
                        .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                acknowledged.add(commits.get(i).id());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "broker did not acknowledge commit " + (acknowledged.size() + 1) + " of " + commits.size()
                            + " in this round",
                    e);
        } finally {
            store.markPublished(acknowledged);
        }
        return commits.size();
    }

    private void awaitWork() throws InterruptedException {
        wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
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
