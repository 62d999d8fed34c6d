package io.orderpipeline.localstack;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 file backend with unique indexes ordered by {@link ValueOrderedKeyType}. The file records
 * that order: an index written in the plain backend's order would be searched wrongly, so such a file is refused.
 * Change streams read the {@link RecentInsertsOplog}, as on a replica set.
 */
final class ValueOrderedH2Backend extends H2Backend {

    // No dot in the name: H2Database.drop() removes every map whose name starts with "<database>.".
    private static final String FORMAT_MAP = "orderpipeline-format";
    private static final String INDEX_KEY_ORDER = "index-key-order";
    private static final String OPLOG_MAP = "orderpipeline-oplog";
    private static final int VALUE_ORDER = 2;

    /**
     * MB of deserialized pages kept in memory. H2's default (16) is smaller than the event store after a few
     * thousand orders, so every full scan (a query no unique index serves) pushed the index pages out and
     * the next insert read them back through Java deserialization.
     */
    private static final int CACHE_MB = 256;

    /**
     * Inserts the oplog keeps for change streams: at the pipeline's top rate, about half a minute of commits and the
     * rest, well beyond the outbox's take-over; a relay further behind catches up from the store instead.
     */
    private static final int OPLOG_INSERTS = 20_000;

    private ValueOrderedH2Backend(MVStore store) {
        super(store);
        enableOplog();
    }

    /** A change stream's read here costs what it returns, not a scan of everything ever written. */
    @Override
    protected Oplog createOplog() {
        return new RecentInsertsOplog(
                getCursorRegistry(), getClock(), OPLOG_INSERTS, getMvStore().openMap(OPLOG_MAP));
    }

    /** Opens or creates the file; refuses one written with another index order. */
    static ValueOrderedH2Backend open(Path file) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .cacheSize(CACHE_MB)
                .open();
        try {
            requireValueOrderedIndexes(store, file);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return new ValueOrderedH2Backend(store);
    }

    private static void requireValueOrderedIndexes(MVStore store, Path file) {
        if (store.getMapNames().isEmpty()) {
            MVMap<String, Integer> format = store.openMap(FORMAT_MAP);
            format.put(INDEX_KEY_ORDER, VALUE_ORDER);
            store.commit();
            return;
        }
        // Read without creating the map: nothing is added to a file that is refused.
        Integer order = store.hasMap(FORMAT_MAP)
                ? store.<String, Integer>openMap(FORMAT_MAP).get(INDEX_KEY_ORDER)
                : null;
        if (order == null) {
            throw new IllegalStateException("MongoDB data in " + file.getParent()
                    + " was written by an older run-local, whose indexes are ordered differently;"
                    + " start once with --wipe (it empties the whole data folder)");
        }
        if (order != VALUE_ORDER) {
            throw new IllegalStateException("MongoDB data in " + file.getParent() + " has index key order " + order
                    + ", this run-local reads only " + VALUE_ORDER + "; start once with --wipe"
                    + " (it empties the whole data folder)");
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // Called from H2Backend's constructor too, for the databases already in the file.
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class Database extends H2Database {

        private final MVStore store;

        Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
            this.store = store;
            super.initializeNamespacesAndIndexes();
        }

        /**
         * H2Database's constructor opens the existing indexes through {@link #openOrCreateUniqueIndex}, which needs
         * {@link #store}; that is set only after it returns, so the opening waits for this class's constructor.
         */
        @Override
        protected void initializeNamespacesAndIndexes() {
            if (store != null) {
                super.initializeNamespacesAndIndexes();
            }
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(
                String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            // The name H2Database uses, so that its dropIndex and drop remove this map.
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            MVMap<KeyValue, Object> map =
                    store.openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(new ValueOrderedKeyType()));
            return new UniqueIndex(map, indexName, keys, sparse);
        }
    }

    /**
     * H2UniqueIndex (package-private there) over a map of the caller's choosing, which also serves a query on the first
     * key of a compound index alone (the event store's {@code orderId} of its {@code (orderId, fromVersion)} index),
     * as MongoDB does: mongo-java-server uses an index only for a query on all its keys, so loading one order's stream
     * scanned every commit. Keys are ordered by value, first key first ({@link ValueOrderedKeyType}), so the keys that
     * start with the value are one range. The collection still matches each document found against the query.
     */
    private static final class UniqueIndex extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return firstKeyValue(query) != null || super.canHandle(query);
        }

        @Override
        public synchronized Iterable<Object> getPositions(Document query) {
            String first = firstKeyValue(query);
            if (first == null) {
                return super.getPositions(query);
            }
            List<Object> positions = new ArrayList<>();
            // A key of one value sorts before every longer key that starts with it.
            Cursor<KeyValue, Object> cursor = map.cursor(new KeyValue(first));
            while (cursor.hasNext() && first.equals(cursor.next().get(0))) {
                positions.add(cursor.getValue());
            }
            return positions;
        }

        /** The text a query asks the first key of a compound, non-sparse index to equal, if that is all it asks. */
        private String firstKeyValue(Document query) {
            List<String> keys = keys();
            if (keys.size() < 2 || isSparse() || query.size() != 1) {
                return null;
            }
            return query.get(keys.getFirst()) instanceof String text ? text : null;
        }

        @Override
        protected Object removeDocument(KeyValue keyValue) {
            return map.remove(keyValue);
        }

        @Override
        protected boolean putKeyPosition(KeyValue keyValue, Object position) {
            return map.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue keyValue) {
            return map.get(keyValue);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
