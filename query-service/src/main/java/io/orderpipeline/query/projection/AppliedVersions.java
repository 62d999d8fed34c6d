package io.orderpipeline.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Tells waiting readers when the projection has committed the version they wait for, so a read-your-writes request
 * neither polls the database nor holds a connection while it waits.
 */
@Component
public class AppliedVersions {

    private record Waiter(long version, CompletableFuture<Long> applied) {}

    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();

    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();

    /**
     * Runs {@code listener} after every commit of this instance's projection, on the projection's thread: it must
     * only take note (e.g. wake a thread of its own), never block.
     */
    public void onEveryCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    /**
     * A future completed with the applied version once an order reaches {@code version}. Register before reading
     * the current version, so a commit between the read and the registration cannot be missed.
     */
    public CompletableFuture<Long> whenApplied(String orderId, long version) {
        var waiter = new Waiter(version, new CompletableFuture<>());
        waiters.compute(orderId, (id, list) -> {
            List<Waiter> next = list == null ? new ArrayList<>() : list;
            next.add(waiter);
            return next;
        });
        // However it ends (applied, timed out, cancelled), the waiter leaves the map.
        waiter.applied()
                .whenComplete((version_, failure) -> waiters.computeIfPresent(orderId, (id, list) -> {
                    list.remove(waiter);
                    return list.isEmpty() ? null : list;
                }));
        return waiter.applied();
    }

    /** The orders someone waits for, for the periodic check of commits made by other instances. */
    List<String> awaitedOrders() {
        return List.copyOf(waiters.keySet());
    }

    /** How many requests wait right now; each leaves however its wait ends. */
    int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    /** Called after a batch committed. */
    void applied(Collection<OrderRow> rows) {
        if (!rows.isEmpty()) {
            commitListeners.forEach(Runnable::run);
        }
        if (waiters.isEmpty()) {
            return;
        }
        rows.forEach(row -> reached(row.orderId(), row.version()));
    }

    /** An order is at {@code version} in the read model: answers everyone waiting for that version or an older one. */
    void reached(String orderId, long version) {
        List<Waiter> reached = new ArrayList<>();
        // Read under the map's lock for this key, the same lock every change of the list takes.
        waiters.computeIfPresent(orderId, (id, list) -> {
            list.stream().filter(waiter -> waiter.version() <= version).forEach(reached::add);
            return list;
        });
        reached.forEach(waiter -> waiter.applied().complete(version));
    }
}
