package io.orderpipeline.testing;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.oplog.OplogPosition;
import java.time.Instant;
import java.util.List;

/**
 * mongo-java-server's oplog with its writes in one line: it stamps an entry and appends it in two steps, so two
 * inserts on two connections could be appended out of stamp order, and a change stream that read the later one
 * first would skip the earlier one for good. Can also forget its history, as a real oplog that rolled over does: a
 * change stream resumed from before that point fails with ChangeStreamHistoryLost (286). Records inserts only.
 */
final class SequencedOplog implements Oplog {

    private static final int CHANGE_STREAM_HISTORY_LOST = 286;

    private final Oplog oplog;
    private volatile OplogPosition forgottenUntil;

    SequencedOplog(Oplog oplog) {
        this.oplog = oplog;
    }

    @Override
    public synchronized void handleInsert(String namespace, List<Document> documents) {
        oplog.handleInsert(namespace, documents);
    }

    /** Not recorded: every read of a change stream scans the whole oplog, and the services watch inserts only. */
    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {}

    /** Not recorded, as updates. */
    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {}

    @Override
    public synchronized void handleDropCollection(String namespace) {
        oplog.handleDropCollection(namespace);
    }

    @Override
    public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
        OplogPosition forgotten = forgottenUntil;
        Object resumeAfter = changeStream.get("resumeAfter");
        if (forgotten != null
                && resumeAfter instanceof Document token
                && !OplogPosition.fromDocument(token).isAfter(forgotten)) {
            throw new MongoServerError(
                    CHANGE_STREAM_HISTORY_LOST,
                    "ChangeStreamHistoryLost",
                    "the resume point may no longer be in the oplog");
        }
        return oplog.createCursor(changeStream, namespace, aggregation);
    }

    /**
     * Until closed, a change stream resumed from a point before now fails as if the oplog had rolled over (up to the
     * next second: timestamps count seconds).
     */
    AutoCloseable forgetHistoryUntilNow() {
        forgottenUntil = new OplogPosition(new BsonTimestamp(Instant.now().plusSeconds(1), 0));
        return () -> forgottenUntil = null;
    }
}
