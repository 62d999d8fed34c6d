package io.orderpipeline.orders.groupinsert;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * Inserts documents by group commit: a caller waits until its own document is written, and one writer thread
 * inserts everything queued meanwhile in one unordered {@code insertMany}. A lone caller waits for no timer (the
 * writer takes what is queued now); under load many callers share one round trip.
 *
 * <p>Each caller gets its own document's outcome: MongoDB reports a refused document (a unique index) by its index in
 * the batch and writes the others all the same. Before {@link #start()} and after {@link #stop()} a caller inserts
 * alone, on its own thread. A writer of a collection extends it and is a Spring bean, so its thread starts and stops
 * with the context.
 */
public abstract class GroupInsert implements SmartLifecycle {

    private final String name;
    private final MongoCollection<Document> collection;
    private final int maxBatchSize;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    /**
     * @param name the writer thread's name
     * @param timeout the longest a caller waits, server selection included; the batch's insert is bounded by it too
     */
    protected GroupInsert(String name, MongoCollection<Document> collection, int maxBatchSize, Duration timeout) {
        this.name = name;
        this.collection = collection.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        this.maxBatchSize = maxBatchSize;
        this.timeout = timeout;
    }

    /**
     * Inserts the document with whatever else is queued; durable (acknowledged by MongoDB) when this returns.
     *
     * @throws MongoWriteException if MongoDB refused this document (e.g. a duplicate key)
     * @throws MongoTimeoutException if the insert was not acknowledged within the timeout; it may still be written
     * @throws com.mongodb.MongoException if the batch's insert failed
     */
    protected void insert(Document document) {
        Pending pending = new Pending(document, new CompletableFuture<>());
        if (running) {
            queue.add(pending);
        } else {
            write(List.of(pending));
        }
        try {
            pending.written().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failed) {
                throw failed;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new MongoTimeoutException(
                    "insert into " + collection.getNamespace() + " not acknowledged within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MongoTimeoutException("interrupted while inserting into " + collection.getNamespace());
        }
    }

    /** Inserts the documents in one insert, as the writer thread does with what is queued; answers each outcome. */
    protected List<CompletableFuture<Void>> insertTogether(List<Document> documents) {
        List<Pending> batch = documents.stream()
                .map(document -> new Pending(document, new CompletableFuture<>()))
                .toList();
        write(batch);
        return batch.stream().map(Pending::written).toList();
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name(name).daemon().start(this::writeUntilStopped);
    }

    /** Stops after the web server and the Kafka listeners (a lower phase stops later): their last writes get in. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** Lets the batch in flight finish, then writes what is still queued on the caller's thread. */
    @Override
    public void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(timeout.toMillis());
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
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, maxBatchSize - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        try {
            collection.insertMany(
                    batch.stream().map(Pending::document).toList(), new InsertManyOptions().ordered(false));
            batch.forEach(pending -> pending.written().complete(null));
        } catch (MongoBulkWriteException e) {
            Map<Integer, BulkWriteError> refused = e.getWriteErrors().stream()
                    .collect(Collectors.toMap(BulkWriteError::getIndex, Function.identity()));
            for (int index = 0; index < batch.size(); index++) {
                CompletableFuture<Void> written = batch.get(index).written();
                BulkWriteError error = refused.get(index);
                if (error != null) {
                    written.completeExceptionally(new MongoWriteException(
                            new WriteError(error.getCode(), error.getMessage(), error.getDetails()),
                            e.getServerAddress(),
                            Set.of()));
                } else if (e.getWriteConcernError() != null) {
                    // Written, but not as durably as asked: the caller must not count on it.
                    written.completeExceptionally(e);
                } else {
                    written.complete(null);
                }
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.written().completeExceptionally(e));
        }
    }

    private record Pending(Document document, CompletableFuture<Void> written) {}
}
