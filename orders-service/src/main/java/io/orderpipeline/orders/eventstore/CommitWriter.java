package io.orderpipeline.orders.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import io.orderpipeline.events.EventCodec;
import io.orderpipeline.orders.groupinsert.GroupInsert;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes commits by group commit ({@link GroupInsert}): concurrent appends share one unordered {@code insertMany},
 * each caller answered when its own commit is durable, with its own outcome (a taken command id or version).
 */
@Component
class CommitWriter extends GroupInsert {

    CommitWriter(MongoTemplate mongo, EventStoreProperties properties) {
        super(
                "commit-writer",
                mongo.getCollection(EventStore.COMMITS),
                properties.maxBatchSize(),
                properties.writeTimeout());
    }

    /**
     * Durable (acknowledged by MongoDB) when this returns.
     *
     * @throws ConcurrentAppendException if another commit took its first version
     * @throws DuplicateCommandException if its command was committed before
     * @throws com.mongodb.MongoException if MongoDB failed or did not answer within the write timeout
     */
    void write(Commit commit) {
        try {
            insert(toDocument(commit));
        } catch (MongoWriteException refused) {
            throw refusalOf(commit, refused);
        }
    }

    /** Writes the commits in one insert, as the writer thread does with what is queued; answers each one's outcome. */
    List<CompletableFuture<Void>> writeTogether(List<Commit> commits) {
        List<CompletableFuture<Void>> written =
                insertTogether(commits.stream().map(CommitWriter::toDocument).toList());
        return IntStream.range(0, commits.size())
                .mapToObj(i -> written.get(i).handle((ok, failed) -> {
                    if (failed == null) {
                        return ok;
                    }
                    throw failed instanceof MongoWriteException refused
                            ? refusalOf(commits.get(i), refused)
                            : new CompletionException(failed);
                }))
                .toList();
    }

    private static RuntimeException refusalOf(Commit commit, MongoWriteException refused) {
        if (refused.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
            return refused;
        }
        if (refused.getError().getMessage().contains(EventStore.COMMAND_INDEX)) {
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
                .append("trace", new Document(Map.copyOf(commit.traceContext())))
                .append("forProcessor", commit.forProcessor());
        if (commit.command() != null) {
            document.append("command", toDocument(commit.command()));
        }
        if (commit.decidedAt() != null) {
            document.append("decidedAt", Date.from(commit.decidedAt()));
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
}
