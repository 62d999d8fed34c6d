package io.orderpipeline.orders.commandlog;

import com.mongodb.client.model.InsertManyOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the entries of commands that left no commit (refused, replayed, failed) to {@code commands} by group commit: a caller waits until its entry is written, and one
 * writer thread inserts everything queued meanwhile in one {@code insertMany}. Under load many commands share one
 * round trip, so the log costs the request path almost nothing beyond the event store's own insert; a single client
 * still finds its entry written when it gets its answer.
 *
 * <p>The log is a record of what was asked, not the source of truth (that is the event store): if MongoDB does not
 * take an entry in time the answer is sent anyway, and the loss is logged and counted ({@code
 * orders.command.log.failures}).
 */
@Component
public class CommandLog implements SmartLifecycle {

    static final String COLLECTION = "commands";
    private static final Logger log = LoggerFactory.getLogger(CommandLog.class);

    private final MongoTemplate mongo;
    private final CommandLogProperties properties;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Counter failures;
    private volatile boolean running;
    private Thread writer;

    CommandLog(MongoTemplate mongo, CommandLogProperties properties, MeterRegistry meters) {
        this.mongo = mongo;
        this.properties = properties;
        this.failures = Counter.builder("orders.command.log.failures")
                .description("Command log entries that could not be written")
                .register(meters);
    }

    /** Writes the entry, waiting for the batch it joins. */
    public void record(CommandLogEntry entry) {
        Pending pending = new Pending(toDocument(entry), new CompletableFuture<>());
        if (!running) {
            write(List.of(pending));
        } else {
            queue.add(pending);
        }
        try {
            pending.written().get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            failures.increment();
            log.error("Command log entry not written: {}", pending.document().toJson(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.increment();
            log.error(
                    "Interrupted before the command log entry was written: {}",
                    pending.document().toJson());
        }
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("command-log-writer").daemon().start(this::writeUntilStopped);
    }

    /** Stops after the web server (a lower phase stops later), so the last answered commands are logged. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(properties.writeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void writeUntilStopped() {
        List<Pending> batch = new ArrayList<>(properties.maxBatchSize());
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, properties.maxBatchSize() - 1);
            write(batch);
            batch.clear();
        }
    }

    /**
     * One insert for the batch, bounded by the write timeout (server selection included): no caller waits longer for
     * it, so a writer kept waiting longer, by a MongoDB that is gone, would only hold up the entries queued behind it
     * and the last flush of a shutdown (the driver's server selection alone waits 30 s).
     */
    private void write(List<Pending> batch) {
        try {
            mongo.getCollection(COLLECTION)
                    .withTimeout(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .insertMany(batch.stream().map(Pending::document).toList(), new InsertManyOptions().ordered(false));
            batch.forEach(pending -> pending.written().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.written().completeExceptionally(e));
        }
    }

    private static Document toDocument(CommandLogEntry entry) {
        Document document = new Document("receivedAt", Date.from(entry.receivedAt()))
                .append("source", entry.source())
                .append("command", entry.command())
                .append("orderId", entry.orderId())
                .append("commandId", entry.commandId())
                .append("idempotencyKey", entry.idempotencyKey())
                .append("outcome", entry.outcome().name())
                .append("status", entry.status())
                .append("version", entry.version())
                .append("reason", entry.reason())
                .append("tookMicros", entry.took() == null ? null : entry.took().toNanos() / 1_000);
        document.values().removeIf(Objects::isNull);
        return document;
    }

    private record Pending(Document document, CompletableFuture<Void> written) {}
}
