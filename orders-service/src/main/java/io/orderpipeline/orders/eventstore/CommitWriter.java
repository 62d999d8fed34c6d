package io.orderpipeline.orders.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import io.orderpipeline.events.EventCodec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes commits by group commit: each caller waits until its own commit is durable, and one writer thread inserts
 * everything queued meanwhile in one unordered {@code insertMany}. A lone request waits for no timer (the writer takes
 * what is queued now); under load many commands share one round trip.
 *
 * <p>Each caller gets its own document's outcome: MongoDB reports a refused document by its index in the batch (a
 * taken command id or version), and the others of the batch are written all the same.
 */
@Component
class CommitWriter implements SmartLifecycle {

    private final MongoTemplate mongo;
    private final EventStoreProperties properties;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    CommitWriter(MongoTemplate mongo, EventStoreProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    /**
     * Durable (acknowledged by MongoDB) when this returns.
     *
     * @throws ConcurrentAppendException if another commit took its first version
     * @throws DuplicateCommandException if its command was committed before
     * @throws com.mongodb.MongoException if MongoDB failed or did not answer within the write timeout
     */
    void write(Commit commit) {
        Pending pending = new Pending(commit, toDocument(commit), new CompletableFuture<>());
        if (running) {
            queue.add(pending);
        } else {
            write(List.of(pending));
        }
        try {
            pending.written().get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refused) {
                throw refused;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new MongoTimeoutException("commit " + commit.commandId() + " not acknowledged within "
                    + properties.writeTimeout() + "; it may still be written");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MongoTimeoutException("interrupted while commit " + commit.commandId() + " was written");
        }
    }

    /** Writes the commits in one insert, as the writer thread does with what is queued; answers each one's outcome. */
    List<CompletableFuture<Void>> writeTogether(List<Commit> commits) {
        List<Pending> batch = commits.stream()
                .map(commit -> new Pending(commit, toDocument(commit), new CompletableFuture<>()))
                .toList();
        write(batch);
        return batch.stream().map(Pending::written).toList();
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("commit-writer").daemon().start(this::writeUntilStopped);
    }

    /** Stops after the web server and the Kafka listeners (a lower phase stops later): their last commands commit. */
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

    /** One insert for the batch, bounded by the write timeout (server selection included), as no caller waits longer. */
    private void write(List<Pending> batch) {
        try {
            mongo.getCollection(EventStore.COMMITS)
                    .withTimeout(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .insertMany(batch.stream().map(Pending::document).toList(), new InsertManyOptions().ordered(false));
            batch.forEach(pending -> pending.written().complete(null));
        } catch (MongoBulkWriteException e) {
            Map<Integer, BulkWriteError> refused = e.getWriteErrors().stream()
                    .collect(Collectors.toMap(BulkWriteError::getIndex, Function.identity()));
            for (int index = 0; index < batch.size(); index++) {
                Pending pending = batch.get(index);
                BulkWriteError error = refused.get(index);
                if (error != null) {
                    pending.written().completeExceptionally(refusalOf(pending.commit(), error, e));
                } else if (e.getWriteConcernError() != null) {
                    // Written, but not as durably as asked: the caller must not answer 2xx on it.
                    pending.written().completeExceptionally(e);
                } else {
                    pending.written().complete(null);
                }
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.written().completeExceptionally(e));
        }
    }

    private static RuntimeException refusalOf(Commit commit, BulkWriteError error, MongoBulkWriteException batch) {
        if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
            return new MongoWriteException(
                    new WriteError(error.getCode(), error.getMessage(), error.getDetails()),
                    batch.getServerAddress(),
                    Set.of());
        }
        if (error.getMessage().contains(EventStore.COMMAND_INDEX)) {
            return new DuplicateCommandException(commit.commandId());
        }
        return new ConcurrentAppendException(commit.orderId(), commit.fromVersion() - 1);
    }

    /** Each envelope is written once, as the fields of its JSON layout: the document holds what Kafka carries. */
    private static Document toDocument(Commit commit) {
        Document document = new Document("_id", commit.id())
                .append("orderId", commit.orderId())
                .append("fromVersion", commit.fromVersion())
                .append("toVersion", commit.toVersion())
                .append("commandId", commit.commandId())
                .append(
                        "events",
                        commit.events().stream()
                                .map(event -> new Document(EventCodec.toFields(event)))
                                .toList())
                .append("committedAt", Date.from(commit.committedAt()))
                .append("trace", new Document(Map.copyOf(commit.traceContext())));
        if (commit.command() != null) {
            document.append("command", toDocument(commit.command()));
        }
        return document;
    }

    private static Document toDocument(Commit.Command command) {
        Document document = new Document("name", command.name()).append("source", command.source());
        if (command.idempotencyKey() != null) {
            document.append("idempotencyKey", command.idempotencyKey()).append("fingerprint", command.fingerprint());
        }
        return document.append("receivedAt", Date.from(command.receivedAt()));
    }

    private record Pending(Commit commit, Document document, CompletableFuture<Void> written) {}
}
