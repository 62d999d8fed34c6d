package io.orderpipeline.query.projection;

import io.orderpipeline.events.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** How far behind the read model is, per partition, and whether a partition is stopped or being rebuilt. */
@RestController
class ProjectionController {

    /**
     * @param storedOffset next offset stored with the live tables ({@code null} before the first event)
     * @param endOffset last stable offset of the partition in Kafka
     * @param state {@code running}, {@code rebuilding} (with {@code rebuildOffset}) or {@code unassigned} (another
     *     instance projects it); a partition never stops for one order: see {@code parkedOrders}
     * @param parkedOrders orders whose first parked event was read from this partition
     */
    record PartitionJson(
            int partition,
            Long storedOffset,
            long endOffset,
            long lag,
            Instant lastEventAt,
            String state,
            Instant since,
            long parkedOrders,
            Long rebuildOffset) {}

    /**
     * @param orders how many orders are parked
     * @param list the first {@value #LISTED} of them, first parked first; all of them at {@code details}
     */
    record ParkedJson(long orders, List<ParkedOrdersController.ParkedOrderJson> list, String details) {}

    record RebuildJson(
            String phase,
            int generation,
            Instant startedAt,
            Instant finishedAt,
            String reason,
            long applied,
            long skipped,
            long parked) {}

    /**
     * The inventory's projection: its own topic and partitions (no parked orders there: each event carries the whole
     * stock, so a product never waits for a missing version).
     *
     * @param partitions {@code parkedOrders} is always 0
     */
    record TopicJson(String topic, long totalLag, List<PartitionJson> partitions) {}

    /**
     * @param topic {@code orders.events}, whose partitions and lag are at the top level
     * @param inventory {@code inventory.events}, likewise
     */
    record ProjectionJson(
            String topic,
            long totalLag,
            List<PartitionJson> partitions,
            ParkedJson parked,
            RebuildJson rebuild,
            TopicJson inventory) {}

    static final int LISTED = 20;

    private final ProjectionStore store;
    private final EndOffsets endOffsets;
    private final ProjectionStatus status;
    private final Rebuild rebuild;
    private final InventoryEventsProjector inventory;

    ProjectionController(
            ProjectionStore store,
            EndOffsets endOffsets,
            ProjectionStatus status,
            Rebuild rebuild,
            InventoryEventsProjector inventory) {
        this.store = store;
        this.endOffsets = endOffsets;
        this.status = status;
        this.rebuild = rebuild;
        this.inventory = inventory;
    }

    @GetMapping("/projection")
    ProjectionJson projection() {
        Map<Integer, Long> parked = store.parkedOrdersByPartition(ProjectionTables.LIVE);
        Rebuild.State rebuilding = rebuild.state();
        TopicJson orders = topic(Topics.ORDER_EVENTS, status.partitions(), parked, rebuilding, rebuilding.positions());
        TopicJson stock = topic(InventoryProjection.TOPIC, inventory.partitions(), Map.of(), rebuilding, null);
        long parkedOrders = parked.values().stream().mapToLong(Long::longValue).sum();
        var listed = store.parkedOrders(ProjectionTables.LIVE, LISTED).stream()
                .map(ParkedOrdersController.ParkedOrderJson::of)
                .toList();
        return new ProjectionJson(
                orders.topic(),
                orders.totalLag(),
                orders.partitions(),
                new ParkedJson(parkedOrders, listed, "/admin/parked"),
                rebuildJson(rebuilding),
                stock);
    }

    /** @param rebuildPositions the rebuild's position per partition, or null where it tells none (the inventory) */
    private TopicJson topic(
            String topic,
            Map<Integer, Instant> assigned,
            Map<Integer, Long> parked,
            Rebuild.State rebuilding,
            Map<Integer, Long> rebuildPositions) {
        Map<Integer, Long> ends = endOffsets.of(topic);
        Map<Integer, StoredOffset> stored = store.offsets(ProjectionTables.LIVE, topic);
        List<PartitionJson> partitions = new ArrayList<>();
        long totalLag = 0;
        for (int partition : new TreeSet<>(ends.keySet())) {
            StoredOffset offset = stored.get(partition);
            long end = ends.get(partition);
            long lag = Math.max(0, end - (offset == null ? 0 : offset.nextOffset()));
            totalLag += lag;
            Instant since = assigned.get(partition);
            String state = rebuilding.active() ? "rebuilding" : since == null ? "unassigned" : "running";
            partitions.add(new PartitionJson(
                    partition,
                    offset == null ? null : offset.nextOffset(),
                    end,
                    lag,
                    offset == null ? null : offset.lastEventAt(),
                    state,
                    since,
                    parked.getOrDefault(partition, 0L),
                    rebuilding.active() && rebuildPositions != null
                            ? rebuildPositions.getOrDefault(partition, 0L)
                            : null));
        }
        return new TopicJson(topic, totalLag, partitions);
    }

    static RebuildJson rebuildJson(Rebuild.State state) {
        return new RebuildJson(
                state.phase().name().toLowerCase(Locale.ROOT),
                state.generation(),
                state.startedAt(),
                state.finishedAt(),
                state.reason(),
                state.applied(),
                state.skipped(),
                state.parked());
    }
}
