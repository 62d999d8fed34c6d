package io.orderpipeline.localstack;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.oplog.OplogCursor;
import de.bwaldvogel.mongo.oplog.OplogPosition;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The stand-in's oplog, for change streams on collections: the last {@code capacity} inserts, in memory, by stamp.
 * mongo-java-server's own oplog is a collection that each read of a change stream scans whole (here deserializing it
 * from the file) about ten times a second per open stream, so its cost grew with everything ever written; a read here
 * starts where the stream stands and costs what it returns. Inserts only: the one change the services watch. Stamped
 * and appended under one lock, so a stream never reads a later insert before an earlier one.
 *
 * <p>Like a real oplog that rolled over, it fails a stream that needs what it no longer holds with
 * ChangeStreamHistoryLost (286): one resumed from before its oldest insert, one that fell that far behind, and, since
 * it starts empty, one resumed from before a restart.
 */
final class RecentInsertsOplog implements Oplog {

    private static final int CHANGE_STREAM_HISTORY_LOST = 286;
    private static final String LAST_STAMP = "last-stamp";

    private final ConcurrentSkipListMap<Long, Insert> inserts = new ConcurrentSkipListMap<>();
    private final CursorRegistry cursors;
    private final Map<String, Long> stamps;
    private final Clock clock;
    private final int capacity;
    private long lastStamp;
    private volatile long forgottenUntil;

    /**
     * @param stamps where the last stamp given is kept across restarts (the data file), so that every token of an
     *     earlier run comes before what this one holds, even one of the same second
     */
    RecentInsertsOplog(CursorRegistry cursors, Clock clock, int capacity, Map<String, Long> stamps) {
        this.cursors = cursors;
        this.clock = clock;
        this.capacity = capacity;
        this.stamps = stamps;
        this.lastStamp =
                Math.max(new BsonTimestamp(clock.instant(), 0).getValue(), stamps.getOrDefault(LAST_STAMP, 0L) + 1);
        this.forgottenUntil = lastStamp;
    }

    @Override
    public synchronized void handleInsert(String namespace, List<Document> documents) {
        if (isSystem(namespace)) {
            return;
        }
        for (Document document : documents) {
            inserts.put(nextStamp(), new Insert(namespace, document.cloneDeeply()));
        }
        stamps.put(LAST_STAMP, lastStamp);
        while (inserts.size() > capacity) {
            forgottenUntil = inserts.pollFirstEntry().getKey();
        }
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {}

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {}

    @Override
    public void handleDropCollection(String namespace) {}

    @Override
    public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
        Object token = changeStream.get("startAfter") != null
                ? changeStream.get("startAfter")
                : changeStream.get("resumeAfter");
        long after;
        if (token instanceof Document resumeToken) {
            after = stampOf(OplogPosition.fromDocument(resumeToken));
        } else if (changeStream.get("startAtOperationTime") instanceof BsonTimestamp start) {
            after = start.getValue() - 1;
        } else {
            after = latestStamp();
        }
        requireHistorySince(after);
        OplogCursor cursor = new OplogCursor(
                cursors.generateCursorId(),
                position -> aggregation.runStagesAsStream(changesAfter(stampOf(position), namespace)),
                new OplogPosition(new BsonTimestamp(after)));
        cursors.add(cursor);
        return cursor;
    }

    private Stream<Document> changesAfter(long stamp, String namespace) {
        requireHistorySince(stamp);
        return inserts.tailMap(stamp, false).entrySet().stream()
                .filter(entry -> entry.getValue().namespace().equals(namespace))
                .map(entry -> change(entry.getKey(), entry.getValue()));
    }

    /** Everything after {@code stamp} must still be here: the oldest insert forgotten must not come after it. */
    private void requireHistorySince(long stamp) {
        if (stamp < forgottenUntil) {
            throw new MongoServerError(
                    CHANGE_STREAM_HISTORY_LOST,
                    "ChangeStreamHistoryLost",
                    "the change stream's resume point is no longer in this server's oplog (it keeps the last "
                            + capacity + " inserts, and none from before its start)");
        }
    }

    private static Document change(long stamp, Insert insert) {
        int dot = insert.namespace().indexOf('.');
        return new Document("_id", new Document("_data", Long.toHexString(stamp)))
                .append("operationType", "insert")
                .append("clusterTime", new BsonTimestamp(stamp))
                .append(
                        "ns",
                        new Document("db", insert.namespace().substring(0, dot))
                                .append("coll", insert.namespace().substring(dot + 1)))
                .append("documentKey", new Document("_id", insert.document().get("_id")))
                .append("fullDocument", insert.document());
    }

    /** Seconds and a counter within the second, as MongoDB's timestamps: later inserts get larger stamps. */
    private synchronized long nextStamp() {
        long now = new BsonTimestamp(clock.instant(), 0).getValue();
        lastStamp = Math.max(now, lastStamp + 1);
        return lastStamp;
    }

    private synchronized long latestStamp() {
        return lastStamp;
    }

    private static long stampOf(OplogPosition position) {
        return Long.parseUnsignedLong(position.toHexString(), 16);
    }

    private static boolean isSystem(String namespace) {
        return namespace.startsWith("local.") || namespace.startsWith("admin.") || namespace.startsWith("config.");
    }

    private record Insert(String namespace, Document document) {}
}
