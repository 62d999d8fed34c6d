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
     * @param state {@code running}, {@code stalled} (with {@code reason}), {@code rebuilding} (with {@code
     *     rebuildOffset}) or {@code unassigned} (another instance projects it)
     */
    record PartitionJson(
            int partition,
            Long storedOffset,
            long endOffset,
            long lag,
            Instant lastEventAt,
            String state,
            String reason,
            Instant since,
            Long rebuildOffset) {}

    record RebuildJson(
            String phase,
            int generation,
            Instant startedAt,
            Instant finishedAt,
            String reason,
            long applied,
            long skipped,
            Map<Integer, String> stalled) {}

    record ProjectionJson(String topic, long totalLag, List<PartitionJson> partitions, RebuildJson rebuild) {}

    private final ProjectionStore store;
    private final EndOffsets endOffsets;
    private final ProjectionStatus status;
    private final Rebuild rebuild;

    ProjectionController(ProjectionStore store, EndOffsets endOffsets, ProjectionStatus status, Rebuild rebuild) {
        this.store = store;
        this.endOffsets = endOffsets;
        this.status = status;
        this.rebuild = rebuild;
    }

    @GetMapping("/projection")
    ProjectionJson projection() {
        String topic = Topics.ORDER_EVENTS;
        Map<Integer, Long> ends = endOffsets.of(topic);
        Map<Integer, StoredOffset> stored = store.offsets(ProjectionTables.LIVE, topic);
        Map<Integer, ProjectionStatus.PartitionState> states = status.partitions();
        Rebuild.State rebuilding = rebuild.state();
        List<PartitionJson> partitions = new ArrayList<>();
        long totalLag = 0;
        for (int partition : new TreeSet<>(ends.keySet())) {
            StoredOffset offset = stored.get(partition);
            long end = ends.get(partition);
            long lag = Math.max(0, end - (offset == null ? 0 : offset.nextOffset()));
            totalLag += lag;
            var live = states.get(partition);
            String state;
            if (live != null && live.state() == ProjectionStatus.State.STALLED) {
                state = "stalled";
            } else if (rebuilding.active()) {
                state = "rebuilding";
            } else {
                state = live == null ? "unassigned" : "running";
            }
            partitions.add(new PartitionJson(
                    partition,
                    offset == null ? null : offset.nextOffset(),
                    end,
                    lag,
                    offset == null ? null : offset.lastEventAt(),
                    state,
                    live == null ? null : live.reason(),
                    live == null ? null : live.since(),
                    rebuilding.active() ? rebuilding.positions().getOrDefault(partition, 0L) : null));
        }
        return new ProjectionJson(topic, totalLag, partitions, rebuildJson(rebuilding));
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
                state.stalled());
    }
}
