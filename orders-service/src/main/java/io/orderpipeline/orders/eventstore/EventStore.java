package io.orderpipeline.orders.eventstore;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Appends commits and reads streams. Optimistic concurrency and idempotency are enforced by MongoDB itself through
 * unique indexes (see {@link EventStoreConfiguration}), so two instances of the service cannot both win.
 */
@Component
public class EventStore {

    static final String COMMITS = "commits";
    static final String ORDER_VERSION_INDEX = "order_version";
    static final String COMMAND_INDEX = "command_id";

    private final MongoTemplate mongo;
    private final TraceContexts traces;
    private final CommitWriter writer;

    EventStore(MongoTemplate mongo, TraceContexts traces, CommitWriter writer) {
        this.mongo = mongo;
        this.traces = traces;
        this.writer = writer;
    }

    /**
     * Appends the commit if its first version directly follows the stream's current one. Durable (acknowledged by
     * MongoDB) when this returns; concurrent appends share one insert (see {@link CommitWriter}). Timed by a {@code
     * commit} span whose trace context is stored with the commit.
     *
     * @throws ConcurrentAppendException if another commit took that version
     * @throws DuplicateCommandException if this command was committed before
     */
    public void append(Commit appended) {
        traces.inCommitSpan(appended, traceContext -> writer.write(appended.withTraceContext(traceContext)));
    }

    /** Every event of the stream, in version order; empty if there is no such order. */
    public List<EventEnvelope> load(String orderId) {
        Query query = Query.query(Criteria.where("orderId").is(orderId)).with(Sort.by("fromVersion"));
        return mongo.find(query, Document.class, COMMITS).stream()
                .flatMap(document -> eventsOf(document).stream())
                .toList();
    }

    /** Every event of the stream with the trace id of its commit, in version order; empty if there is no such order. */
    public List<TracedEvent> loadTraced(String orderId) {
        Query query = Query.query(Criteria.where("orderId").is(orderId)).with(Sort.by("fromVersion"));
        return mongo.find(query, Document.class, COMMITS).stream()
                .flatMap(document -> {
                    String traceId = TraceContexts.traceIdOf(traceContextOf(document));
                    return eventsOf(document).stream().map(event -> new TracedEvent(event, traceId));
                })
                .toList();
    }

    /** The commit a command produced, if it was committed. */
    public Optional<Commit> findCommit(String commandId) {
        return Optional.ofNullable(
                        mongo.findOne(Query.query(Criteria.where("commandId").is(commandId)), Document.class, COMMITS))
                .map(EventStore::toCommit);
    }

    private static Commit toCommit(Document document) {
        return new Commit(
                document.getObjectId("_id"),
                document.getString("orderId"),
                document.getString("commandId"),
                eventsOf(document),
                document.getDate("committedAt").toInstant(),
                traceContextOf(document),
                commandOf(document),
                document.getDate("decidedAt") == null
                        ? null
                        : document.getDate("decidedAt").toInstant(),
                document.getBoolean("forProcessor", false));
    }

    private static Commit.Command commandOf(Document document) {
        Document command = document.get("command", Document.class);
        if (command == null) {
            return null;
        }
        return new Commit.Command(
                command.getString("name"),
                command.getString("source"),
                command.getString("idempotencyKey"),
                command.getString("fingerprint"),
                command.getDate("receivedAt").toInstant());
    }

    private static Map<String, String> traceContextOf(Document document) {
        Document trace = document.get("trace", Document.class);
        Map<String, String> fields = new LinkedHashMap<>();
        if (trace != null) {
            trace.forEach((name, value) -> fields.put(name, String.valueOf(value)));
        }
        return fields;
    }

    private static List<EventEnvelope> eventsOf(Document document) {
        return document.getList("events", Document.class).stream()
                .map(EventCodec::decode)
                .toList();
    }
}
