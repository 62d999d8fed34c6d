package io.orderpipeline.query.projection;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * This instance's memory of which live orders have parked events or skipped versions, so that a batch touching none
 * of them skips reading {@code parked_events} and {@code parked_skips}: nearly every batch, as parking is rare.
 *
 * <p>The memory is trusted for a partition only while this instance was the last to store its offsets (checked under
 * the offsets' row lock each batch takes): after a restart, a rebalance, another instance's or a zombie's commit, or a
 * rebuild's switch, the batch reads the database and a refresh follows its commit. An order's events share one
 * partition, so only the partition's writer parks it; other instances only unpark (drain) or add skips to an order
 * that is parked already, which a batch of it then reads from the database.
 */
@Component
class ParkedIds {

    /** One refresh's view; a refresh that started earlier never replaces one that started later. */
    private record Known(long refresh, Set<String> parked, Set<String> withSkips, boolean complete) {}

    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicReference<Known> known = new AtomicReference<>(new Known(0, Set.of(), Set.of(), false));
    private final AtomicBoolean refreshDue = new AtomicBoolean(true);

    /** The offset this instance stored last per partition. */
    private final Map<Integer, Long> lastStored = new ConcurrentHashMap<>();

    /** Moves on when other tables become the live ones; a batch planned before that must not record its offsets. */
    private final AtomicLong epoch = new AtomicLong();

    /** Called before a refresh reads the database; its number orders the refreshes. */
    long refreshStarting() {
        return refreshes.incrementAndGet();
    }

    /** @param complete whether the lists hold every such order (they are capped) */
    void refreshed(long refresh, Collection<String> parked, Collection<String> withSkips, boolean complete) {
        Known next = new Known(refresh, Set.copyOf(parked), Set.copyOf(withSkips), complete);
        known.accumulateAndGet(
                next, (current, candidate) -> candidate.refresh() > current.refresh() ? candidate : current);
    }

    /** Whether the order was parked at the last refresh, for its view. */
    boolean isParked(String orderId) {
        return known.get().parked().contains(orderId);
    }

    /** Epoch of the batch about to be planned; see {@link #stored}. */
    long epoch() {
        return epoch.get();
    }

    /**
     * Whether a live batch must read the parked events and skips of its orders from the database.
     *
     * @param storedOffsets the offsets of the batch's partitions as locked by its transaction
     */
    boolean mustLookUp(Map<Integer, Long> storedOffsets, Collection<Integer> partitions, Collection<String> orderIds) {
        boolean ownWrites = partitions.stream()
                .allMatch(partition -> Objects.equals(storedOffsets.get(partition), lastStored.get(partition)));
        if (!ownWrites) {
            // someone else wrote here: what they parked is in the database, not in this memory
            refreshDue.set(true);
            return true;
        }
        Known now = known.get();
        return !now.complete()
                || orderIds.stream()
                        .anyMatch(id ->
                                now.parked().contains(id) || now.withSkips().contains(id));
    }

    /** After a live batch committed: its partitions' offsets are this instance's, unless {@link #forget} came between. */
    synchronized void stored(long batchEpoch, Map<Integer, PartitionProgress> progress) {
        if (batchEpoch == epoch.get()) {
            progress.forEach((partition, next) -> lastStored.put(partition, next.nextOffset()));
        }
    }

    /** Whether a refresh should follow the batch that just committed; asks only once per need. */
    boolean takeRefreshDue() {
        return refreshDue.getAndSet(false);
    }

    /** Partitions this instance no longer writes. */
    void forget(Collection<Integer> partitions) {
        partitions.forEach(lastStored::remove);
    }

    /** Other tables became the live ones (a rebuild's switch): nothing remembered holds any more. */
    synchronized void forgetAll() {
        epoch.incrementAndGet();
        lastStored.clear();
        known.set(new Known(refreshes.incrementAndGet(), Set.of(), Set.of(), false));
        refreshDue.set(true);
    }
}
