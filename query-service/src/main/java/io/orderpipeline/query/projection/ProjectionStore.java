package io.orderpipeline.query.projection;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.StockEvent;
import io.orderpipeline.query.QueryProperties;
import io.orderpipeline.query.order.OrderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConsumerSeekAware.ConsumerSeekCallback;
import org.springframework.stereotype.Repository;

/**
 * The projection's JDBC side: a few set-based reads and batched upserts per batch, never a statement per event.
 * Table names come from {@link ProjectionTables} constants only, never from input.
 */
@Repository
class ProjectionStore {

    private final JdbcTemplate jdbc;

    private final int databaseTimeoutMillis;

    ProjectionStore(JdbcTemplate jdbc, QueryProperties properties) {
        this.jdbc = jdbc;
        this.databaseTimeoutMillis =
                Math.toIntExact(properties.projection().databaseTimeout().toMillis());
    }

    /**
     * Lets the statements of the current transaction wait longer for PostgreSQL than reads do (the pool's
     * {@code socketTimeout}): the pool puts the connection's own timeout back when it is returned.
     */
    void allowLongStatements() {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            connection.setNetworkTimeout(Runnable::run, databaseTimeoutMillis);
            return null;
        });
    }

    /**
     * Lets this transaction commit without waiting for its WAL flush. Safe for a projection: a crash can only lose
     * the last commits whole (rows and offsets together, in order), and they are read from Kafka again.
     */
    void relaxCommitDurability() {
        jdbc.execute("SET LOCAL synchronous_commit TO OFF");
    }

    /**
     * Reads and locks the stored offsets of the partitions. Taken first in every batch transaction, so a batch and
     * the rebuild's switch (which locks the whole table) always queue on the same lock.
     */
    Map<Integer, Long> lockOffsets(ProjectionTables tables, String topic, List<Integer> partitions) {
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.query(
                "SELECT partition, next_offset FROM " + tables.offsets()
                        + " WHERE topic = ? AND partition = ANY (?) FOR UPDATE",
                rs -> {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                },
                topic,
                partitions.toArray(Integer[]::new));
        return offsets;
    }

    Map<String, OrderRow> orders(ProjectionTables tables, List<String> orderIds) {
        Map<String, OrderRow> rows = new HashMap<>();
        if (orderIds.isEmpty()) {
            return rows;
        }
        jdbc.query(
                "SELECT * FROM " + tables.orders() + " WHERE order_id = ANY (?)",
                rs -> {
                    OrderRow row = orderRow(rs);
                    rows.put(row.orderId(), row);
                },
                (Object) orderIds.toArray(String[]::new));
        return rows;
    }

    Map<String, Long> versions(ProjectionTables tables, List<String> orderIds) {
        Map<String, Long> versions = new HashMap<>();
        jdbc.query(
                "SELECT order_id, version FROM " + tables.orders() + " WHERE order_id = ANY (?)",
                rs -> {
                    versions.put(rs.getString(1), rs.getLong(2));
                },
                (Object) orderIds.toArray(String[]::new));
        return versions;
    }

    /** The parked events of these orders, by order, in version order; an order that is not parked is absent. */
    Map<String, List<ParkedEvent>> parked(ProjectionTables tables, Collection<String> orderIds) {
        Map<String, List<ParkedEvent>> parked = new LinkedHashMap<>();
        if (orderIds.isEmpty()) {
            return parked;
        }
        jdbc.query(
                "SELECT * FROM " + tables.parked() + " WHERE order_id = ANY (?) ORDER BY order_id, version",
                rs -> {
                    ParkedEvent event = parkedEvent(rs);
                    parked.computeIfAbsent(event.orderId(), id -> new ArrayList<>())
                            .add(event);
                },
                (Object) orderIds.toArray(String[]::new));
        return parked;
    }

    /** Versions an operator skipped, by order. Shared by every generation, so a rebuild skips them too. */
    Map<String, Set<Long>> skipped(Collection<String> orderIds) {
        Map<String, Set<Long>> skipped = new HashMap<>();
        if (orderIds.isEmpty()) {
            return skipped;
        }
        jdbc.query(
                "SELECT order_id, version FROM parked_skips WHERE order_id = ANY (?)",
                rs -> {
                    skipped.computeIfAbsent(rs.getString(1), id -> new HashSet<>())
                            .add(rs.getLong(2));
                },
                (Object) orderIds.toArray(String[]::new));
        return skipped;
    }

    /** Every parked order: its first parked event and how many wait, first parked first. */
    List<ParkedOrder> parkedOrders(ProjectionTables tables, int limit) {
        return jdbc.query(
                "SELECT p.order_id, p.version, p.cause, p.reason, p.partition, p.\"offset\", p.parked_at, c.waiting"
                        + " FROM (SELECT order_id, min(version) AS first, count(*) AS waiting FROM " + tables.parked()
                        + " GROUP BY order_id) c JOIN " + tables.parked()
                        + " p ON p.order_id = c.order_id AND p.version = c.first ORDER BY p.parked_at, p.order_id"
                        + " LIMIT ?",
                (rs, row) -> new ParkedOrder(
                        rs.getString("order_id"),
                        rs.getLong("version"),
                        ParkedEvent.Cause.valueOf(rs.getString("cause")),
                        rs.getString("reason"),
                        rs.getInt("partition"),
                        rs.getLong("offset"),
                        instant(rs.getTimestamp("parked_at")),
                        rs.getLong("waiting")),
                limit);
    }

    List<String> parkedOrderIds(ProjectionTables tables, int limit) {
        return jdbc.queryForList(
                "SELECT DISTINCT order_id FROM " + tables.parked() + " ORDER BY order_id LIMIT ?", String.class, limit);
    }

    /** Orders with a skipped version: a redelivered skipped event must be stepped over, parked or not. */
    List<String> skippedOrderIds(int limit) {
        return jdbc.queryForList(
                "SELECT DISTINCT order_id FROM parked_skips ORDER BY order_id LIMIT ?", String.class, limit);
    }

    long parkedOrderCount(ProjectionTables tables) {
        Long count = jdbc.queryForObject("SELECT count(DISTINCT order_id) FROM " + tables.parked(), Long.class);
        return count == null ? 0 : count;
    }

    /** Parked orders per partition of their first parked event. */
    Map<Integer, Long> parkedOrdersByPartition(ProjectionTables tables) {
        Map<Integer, Long> counts = new HashMap<>();
        jdbc.query(
                "SELECT partition, count(*) FROM (SELECT DISTINCT ON (order_id) order_id, partition FROM "
                        + tables.parked() + " ORDER BY order_id, version) firsts GROUP BY partition",
                rs -> {
                    counts.put(rs.getInt(1), rs.getLong(2));
                });
        return counts;
    }

    /**
     * Orders parked at a gap that is filled now: their missing version was applied by a transaction that ran beside
     * the one that parked them (another partition), so neither saw the other.
     */
    List<String> filledGaps(ProjectionTables tables) {
        return jdbc.queryForList(
                "SELECT p.order_id FROM " + tables.parked() + " p LEFT JOIN " + tables.orders()
                        + " o ON o.order_id = p.order_id WHERE p.cause = 'GAP'"
                        + " AND p.version <= COALESCE(o.version, 0) + 1",
                String.class);
    }

    /** Partitions the parked events of these orders were read from: a drain locks them like a batch would. */
    List<Integer> parkedPartitions(ProjectionTables tables, Collection<String> orderIds) {
        return jdbc.queryForList(
                "SELECT DISTINCT partition FROM " + tables.parked() + " WHERE order_id = ANY (?) ORDER BY 1",
                Integer.class,
                (Object) orderIds.toArray(String[]::new));
    }

    /** Records an operator's skip of versions of a parked order; the next drain steps over them. */
    void skip(String orderId, List<ParkedEvent> versions, String reason, String by, String why, Instant at) {
        jdbc.batchUpdate(
                "INSERT INTO parked_skips (order_id, version, envelope, reason, skipped_by, why, skipped_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, version) DO NOTHING",
                versions,
                versions.size(),
                (ps, event) -> {
                    ps.setString(1, orderId);
                    ps.setLong(2, event.version());
                    ps.setBytes(3, event.envelope() == null ? null : EventCodec.encode(event.envelope()));
                    ps.setString(4, storable(reason));
                    ps.setString(5, storable(by));
                    ps.setString(6, storable(why));
                    ps.setTimestamp(7, timestamp(at));
                });
    }

    /** Skips recorded for an order, oldest first, for the operator. */
    List<Map<String, Object>> skips(String orderId) {
        return jdbc.queryForList(
                "SELECT version, reason, skipped_by, why, skipped_at FROM parked_skips WHERE order_id = ?"
                        + " ORDER BY skipped_at, version",
                orderId);
    }

    void write(ProjectionTables tables, String topic, BatchPlan plan) {
        upsertOrders(tables, new ArrayList<>(plan.rows.values()));
        insertHistory(tables, plan.history);
        storeParked(tables, plan);
        storeOffsets(tables, topic, plan.progress);
    }

    /**
     * Finds the rows PostgreSQL refuses, after the batch as a whole was refused: writes each applied event's row and
     * history row under a savepoint of its own, in the caller's transaction (which the caller rolls back: this only
     * asks). Slow, and only ever run for a batch that failed this way.
     *
     * @return PostgreSQL's reason per refused event ({@link BatchPlan#key}); later events of that order are not tried
     */
    Map<String, String> findRefused(ProjectionTables tables, List<BatchPlan.Step> steps) {
        Map<String, String> refused = new HashMap<>();
        Set<String> failedOrders = new HashSet<>();
        for (BatchPlan.Step step : steps) {
            String orderId = step.row().orderId();
            if (failedOrders.contains(orderId)) {
                continue;
            }
            jdbc.execute("SAVEPOINT refusal_probe");
            try {
                upsertOrders(tables, List.of(step.row()));
                insertHistory(tables, List.of(step.history()));
                jdbc.execute("RELEASE SAVEPOINT refusal_probe");
            } catch (DataAccessException e) {
                jdbc.execute("ROLLBACK TO SAVEPOINT refusal_probe");
                failedOrders.add(orderId);
                refused.put(
                        BatchPlan.key(orderId, step.row().version()),
                        "PostgreSQL refused the row: " + Refusals.describe(e));
            }
        }
        return refused;
    }

    private void storeParked(ProjectionTables tables, BatchPlan plan) {
        List<Object[]> unparked = new ArrayList<>();
        plan.unparked.forEach((orderId, versions) -> versions.forEach(v -> unparked.add(new Object[] {orderId, v})));
        if (!unparked.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM " + tables.parked() + " WHERE order_id = ? AND version = ?", unparked);
        }
        List<ParkedEvent> events =
                plan.parked.values().stream().flatMap(List::stream).toList();
        if (events.isEmpty()) {
            return;
        }
        // An upsert, never delete-and-insert: what a concurrent transaction parked for the same order stays.
        jdbc.batchUpdate(
                "INSERT INTO " + tables.parked()
                        + " (order_id, version, cause, reason, partition, \"offset\", envelope, parked_at, trace_id,"
                        + " committed_at, published_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (order_id, version) DO UPDATE SET"
                        + " cause = EXCLUDED.cause, reason = EXCLUDED.reason",
                events,
                events.size(),
                (ps, event) -> {
                    ps.setString(1, event.orderId());
                    ps.setLong(2, event.version());
                    ps.setString(3, event.cause().name());
                    ps.setString(4, storable(event.reason()));
                    ps.setInt(5, event.partition());
                    ps.setLong(6, event.offset());
                    ps.setBytes(7, EventCodec.encode(event.envelope()));
                    ps.setTimestamp(8, timestamp(event.parkedAt()));
                    ps.setString(9, event.provenance().traceId());
                    ps.setTimestamp(10, timestamp(event.provenance().committedAt()));
                    ps.setTimestamp(11, timestamp(event.provenance().publishedAt()));
                    ps.setTimestamp(12, timestamp(event.provenance().decidedAt()));
                });
    }

    void savepoint() {
        jdbc.execute("SAVEPOINT projection_attempt");
    }

    void rollbackToSavepoint() {
        jdbc.execute("ROLLBACK TO SAVEPOINT projection_attempt");
    }

    void releaseSavepoint() {
        jdbc.execute("RELEASE SAVEPOINT projection_attempt");
    }

    /** Text PostgreSQL can hold: a reason may quote the very value it refused. */
    static String storable(String text) {
        return text == null ? null : text.replace("\0", "\\u0000");
    }

    private static ParkedEvent parkedEvent(ResultSet rs) throws SQLException {
        return new ParkedEvent(
                rs.getString("order_id"),
                rs.getLong("version"),
                ParkedEvent.Cause.valueOf(rs.getString("cause")),
                rs.getString("reason"),
                rs.getInt("partition"),
                rs.getLong("offset"),
                EventCodec.decode(rs.getBytes("envelope")),
                instant(rs.getTimestamp("parked_at")),
                new Provenance(
                        rs.getString("trace_id"),
                        instant(rs.getTimestamp("committed_at")),
                        instant(rs.getTimestamp("published_at")),
                        instant(rs.getTimestamp("decided_at"))));
    }

    private void upsertOrders(ProjectionTables tables, List<OrderRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        // The WHERE keeps a row from ever going back in version, whatever happens upstream. clock_timestamp(), not
        // now(): the write's time is closer to the commit than the transaction's start, so the stream's overlap is
        // small.
        jdbc.batchUpdate(
                "INSERT INTO " + tables.orders()
                        + " (order_id, customer_id, product, quantity, status, version, reason, created_at,"
                        + " processing_requested_at, processed_at, rejected_at, shipped_at, delivered_at,"
                        + " cancelled_at, updated_at, projected_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())"
                        + " ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status,"
                        + " version = EXCLUDED.version, reason = EXCLUDED.reason,"
                        + " processing_requested_at = EXCLUDED.processing_requested_at,"
                        + " processed_at = EXCLUDED.processed_at, rejected_at = EXCLUDED.rejected_at,"
                        + " shipped_at = EXCLUDED.shipped_at, delivered_at = EXCLUDED.delivered_at,"
                        + " cancelled_at = EXCLUDED.cancelled_at, updated_at = EXCLUDED.updated_at,"
                        + " projected_at = EXCLUDED.projected_at"
                        + " WHERE " + tables.orders() + ".version < EXCLUDED.version",
                rows,
                rows.size(),
                (ps, row) -> {
                    ps.setString(1, row.orderId());
                    ps.setString(2, row.customerId());
                    ps.setString(3, row.product());
                    ps.setInt(4, row.quantity());
                    ps.setString(5, row.status().name());
                    ps.setLong(6, row.version());
                    ps.setString(7, row.reason());
                    ps.setTimestamp(8, timestamp(row.createdAt()));
                    ps.setTimestamp(9, timestamp(row.processingRequestedAt()));
                    ps.setTimestamp(10, timestamp(row.processedAt()));
                    ps.setTimestamp(11, timestamp(row.rejectedAt()));
                    ps.setTimestamp(12, timestamp(row.shippedAt()));
                    ps.setTimestamp(13, timestamp(row.deliveredAt()));
                    ps.setTimestamp(14, timestamp(row.cancelledAt()));
                    ps.setTimestamp(15, timestamp(row.updatedAt()));
                });
    }

    private void insertHistory(ProjectionTables tables, List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "INSERT INTO " + tables.history()
                        + " (order_id, version, event_id, event_type, status, reason, occurred_at, correlation_id,"
                        + " trace_id, committed_at, published_at, decided_at, projected_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, clock_timestamp())"
                        + " ON CONFLICT (order_id, version) DO NOTHING",
                rows,
                rows.size(),
                (ps, row) -> {
                    ps.setString(1, row.orderId());
                    ps.setLong(2, row.version());
                    ps.setObject(3, row.eventId());
                    ps.setString(4, row.eventType());
                    ps.setString(5, row.status().name());
                    ps.setString(6, row.reason());
                    ps.setTimestamp(7, timestamp(row.occurredAt()));
                    ps.setString(8, row.correlationId());
                    ps.setString(9, row.provenance().traceId());
                    ps.setTimestamp(10, timestamp(row.provenance().committedAt()));
                    ps.setTimestamp(11, timestamp(row.provenance().publishedAt()));
                    ps.setTimestamp(12, timestamp(row.provenance().decidedAt()));
                });
    }

    /**
     * Writes each product's newest stock. The WHERE keeps a row from ever going back in version: a duplicate, a
     * redelivery or an older event read after a newer one changes nothing.
     */
    void upsertStock(ProjectionTables tables, Collection<StockEvent> newest) {
        if (newest.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(
                "INSERT INTO " + tables.inventory()
                        + " (product, on_hand, reserved, version, changed_at, projected_at)"
                        + " VALUES (?, ?, ?, ?, ?, clock_timestamp())"
                        + " ON CONFLICT (product) DO UPDATE SET on_hand = EXCLUDED.on_hand,"
                        + " reserved = EXCLUDED.reserved, version = EXCLUDED.version,"
                        + " changed_at = EXCLUDED.changed_at, projected_at = EXCLUDED.projected_at"
                        + " WHERE " + tables.inventory() + ".version < EXCLUDED.version",
                List.copyOf(newest),
                newest.size(),
                (ps, event) -> {
                    ps.setString(1, event.product());
                    ps.setLong(2, event.onHand());
                    ps.setLong(3, event.reserved());
                    ps.setLong(4, event.version());
                    ps.setTimestamp(5, timestamp(event.occurredAt()));
                });
    }

    void storeOffsets(ProjectionTables tables, String topic, Map<Integer, PartitionProgress> progress) {
        if (progress.isEmpty()) {
            return;
        }
        var entries = new ArrayList<>(progress.entrySet());
        // GREATEST: a stored offset only moves forward, even if a batch re-reads what a switch already brought in.
        jdbc.batchUpdate(
                "INSERT INTO " + tables.offsets() + " (topic, partition, next_offset, last_event_at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (topic, partition) DO UPDATE SET"
                        + " next_offset = GREATEST(" + tables.offsets() + ".next_offset, EXCLUDED.next_offset),"
                        + " last_event_at = COALESCE(EXCLUDED.last_event_at, " + tables.offsets()
                        + ".last_event_at)",
                entries,
                entries.size(),
                (ps, entry) -> {
                    ps.setString(1, topic);
                    ps.setInt(2, entry.getKey());
                    ps.setLong(3, entry.getValue().nextOffset());
                    ps.setTimestamp(4, timestamp(entry.getValue().lastEventAt()));
                });
    }

    /**
     * Empty tables for the next generation, shaped like the live ones (columns, defaults, checks) with their primary
     * and unique keys, which the upserts need, but without their other indexes: a bulk load into a table with five
     * B-trees writes each row five times. {@link #indexNextTables()} adds those before the switch.
     */
    void createNextTables() {
        dropNextTables();
        for (var names : tablePairs()) {
            String live = names.get(0);
            String next = names.get(1);
            jdbc.execute("CREATE TABLE " + next + " (LIKE " + live + " INCLUDING ALL EXCLUDING INDEXES)");
            jdbc.queryForList(
                            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::regclass"
                                    + " AND contype IN ('p', 'u') ORDER BY conname",
                            String.class,
                            live)
                    .forEach(key -> jdbc.execute("ALTER TABLE " + next + " ADD " + key));
        }
    }

    /**
     * Builds on the next tables every index of the live ones that backs no key, in one pass over the loaded rows:
     * much cheaper than keeping them up to date row by row. The same definitions, so queries plan alike after the
     * switch; the names are left to PostgreSQL (the live tables hold the current ones).
     */
    void indexNextTables() {
        for (var names : tablePairs()) {
            jdbc.queryForList(
                            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = ?::regclass"
                                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                                    + " ORDER BY i.indexrelid",
                            String.class,
                            names.get(0))
                    .forEach(definition -> jdbc.execute(
                            (definition.startsWith("CREATE UNIQUE") ? "CREATE UNIQUE" : "CREATE") + " INDEX ON "
                                    + names.get(1) + definition.substring(definition.indexOf(" USING "))));
        }
    }

    /**
     * Refreshes the planner's statistics of the next tables. A table created moments ago has none, and as it grows
     * the planner may read all of it for every batch's {@code order_id = ANY (?)} instead of using its key: a
     * rebuild that took 5 s took 20 s when that happened. Also gives the switched-in tables statistics at once,
     * instead of after autovacuum's next visit.
     *
     * @param all also the tables the rebuild only writes (before the switch); else only the one it reads
     */
    void analyzeNextTables(boolean all) {
        ProjectionTables next = ProjectionTables.NEXT;
        jdbc.execute("ANALYZE " + next.orders()
                + (all ? ", " + next.history() + ", " + next.offsets() + ", " + next.inventory() : ""));
    }

    /** Each live table beside its next-generation twin, the offsets first (see {@link #holdLiveBatches()}). */
    private static List<List<String>> tablePairs() {
        ProjectionTables live = ProjectionTables.LIVE;
        ProjectionTables next = ProjectionTables.NEXT;
        return List.of(
                List.of(live.offsets(), next.offsets()),
                List.of(live.orders(), next.orders()),
                List.of(live.history(), next.history()),
                List.of(live.parked(), next.parked()),
                List.of(live.inventory(), next.inventory()));
    }

    void dropNextTables() {
        ProjectionTables next = ProjectionTables.NEXT;
        jdbc.execute("DROP TABLE IF EXISTS " + next.orders() + ", " + next.history() + ", " + next.offsets() + ", "
                + next.parked() + ", " + next.inventory());
    }

    /**
     * Stops every live batch until the caller's transaction ends, without stopping readers: EXCLUSIVE conflicts with
     * the row lock each batch takes first on the offsets, not with plain SELECTs.
     */
    void holdLiveBatches() {
        jdbc.execute("LOCK TABLE " + ProjectionTables.LIVE.offsets() + " IN EXCLUSIVE MODE");
    }

    /**
     * Renames the next generation into place, in the caller's transaction: other transactions see either all old
     * tables or all new ones. Statements waiting on the old tables resolve the names again once it commits.
     */
    void promoteNextTables() {
        ProjectionTables live = ProjectionTables.LIVE;
        for (var names : tablePairs()) {
            jdbc.execute("ALTER TABLE " + names.get(0) + " RENAME TO " + names.get(0) + "_retired");
            jdbc.execute("ALTER TABLE " + names.get(1) + " RENAME TO " + names.get(0));
        }
        jdbc.execute("DROP TABLE " + live.offsets() + "_retired, " + live.orders() + "_retired, " + live.history()
                + "_retired, " + live.parked() + "_retired, " + live.inventory() + "_retired");
    }

    /** Stored offsets of every partition, for seeking on assignment and for reporting. */
    Map<Integer, StoredOffset> offsets(ProjectionTables tables, String topic) {
        Map<Integer, StoredOffset> offsets = new HashMap<>();
        jdbc.query(
                "SELECT partition, next_offset, last_event_at FROM " + tables.offsets() + " WHERE topic = ?",
                rs -> {
                    offsets.put(rs.getInt(1), new StoredOffset(rs.getLong(2), instant(rs.getTimestamp(3))));
                },
                topic);
        return offsets;
    }

    /**
     * Seeks each assigned partition of the live tables' topic to the offset stored with its rows (guarantee 6), or to
     * the beginning when none is stored yet.
     */
    void seekToStoredOffsets(String topic, Collection<TopicPartition> assigned, ConsumerSeekCallback callback) {
        Map<Integer, StoredOffset> stored = offsets(ProjectionTables.LIVE, topic);
        for (TopicPartition partition : assigned) {
            StoredOffset offset = stored.get(partition.partition());
            if (offset == null) {
                callback.seekToBeginning(List.of(partition));
            } else {
                callback.seek(partition.topic(), partition.partition(), offset.nextOffset());
            }
        }
    }

    private static OrderRow orderRow(ResultSet rs) throws SQLException {
        return new OrderRow(
                rs.getString("order_id"),
                rs.getString("customer_id"),
                rs.getString("product"),
                rs.getInt("quantity"),
                OrderStatus.valueOf(rs.getString("status")),
                rs.getLong("version"),
                rs.getString("reason"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("processing_requested_at")),
                instant(rs.getTimestamp("processed_at")),
                instant(rs.getTimestamp("rejected_at")),
                instant(rs.getTimestamp("shipped_at")),
                instant(rs.getTimestamp("delivered_at")),
                instant(rs.getTimestamp("cancelled_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
