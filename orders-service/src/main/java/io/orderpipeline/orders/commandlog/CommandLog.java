package io.orderpipeline.orders.commandlog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.orders.groupinsert.GroupInsert;
import java.util.Date;
import java.util.Objects;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the entries of commands that left no commit (refused, replayed, failed) to {@code commands} by group commit
 * ({@link GroupInsert}): under load many commands share one round trip, and a single client still finds its entry
 * written when it gets its answer.
 *
 * <p>The log is a record of what was asked, not the source of truth (that is the event store): if MongoDB does not
 * take an entry in time the answer is sent anyway, and the loss is logged and counted ({@code
 * orders.command.log.failures}).
 */
@Component
public class CommandLog extends GroupInsert {

    static final String COLLECTION = "commands";
    private static final Logger log = LoggerFactory.getLogger(CommandLog.class);

    private final Counter failures;

    CommandLog(MongoTemplate mongo, CommandLogProperties properties, MeterRegistry meters) {
        super(
                "command-log-writer",
                mongo.getCollection(COLLECTION),
                properties.maxBatchSize(),
                properties.writeTimeout());
        this.failures = Counter.builder("orders.command.log.failures")
                .description("Command log entries that could not be written")
                .register(meters);
    }

    /** Writes the entry, waiting for the batch it joins; an entry MongoDB does not take in time is logged, not thrown. */
    public void record(CommandLogEntry entry) {
        Document document = toDocument(entry);
        try {
            insert(document);
        } catch (RuntimeException e) {
            failures.increment();
            log.error("Command log entry not written: {}", document.toJson(), e);
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
}
