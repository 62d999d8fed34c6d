package io.orderpipeline.query.projection;

import io.orderpipeline.events.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The parked orders of the live model and what an operator can do with them: retry (after a fix), skip the version
 * an order waits on (recorded with who, why and when), or nothing: a gap fills by itself once the missing version
 * arrives, e.g. after orders-service republished the order's stream.
 */
@Component
public class ParkedOrders {

    /** The most versions one skip may declare missing: more is not a gap but a broken stream. */
    static final int MAX_SKIPPED_VERSIONS = 1000;

    /**
     * Ids kept in memory; past that, orders with a row are not told parked in their view (the list says), and every
     * batch reads parked events and skips from the database.
     */
    private static final int MAX_KNOWN_IDS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ParkedOrders.class);

    /** An order's parked events, with what was skipped of it before. */
    record Detail(ParkedOrder order, List<ParkedEvent> events, List<Map<String, Object>> skips) {}

    private final Projection projection;
    private final ProjectionStore store;
    private final ProjectionStatus status;
    private final AppliedVersions versions;
    private final ParkedIds parkedIds;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ParkedOrders(
            Projection projection,
            ProjectionStore store,
            ProjectionStatus status,
            AppliedVersions versions,
            ParkedIds parkedIds,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.projection = projection;
        this.store = store;
        this.status = status;
        this.versions = versions;
        this.parkedIds = parkedIds;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Whether the order is parked, for its view: asks the database only for orders this instance saw parked (or when
     * the view has nothing, as for an order parked at its first event), so the common read costs nothing more.
     *
     * @param inReadModel whether the read model has a row for the order
     */
    public Optional<ParkedState> ifParked(String orderId, boolean inReadModel) {
        if (inReadModel && !parkedIds.isParked(orderId)) {
            return Optional.empty();
        }
        return detail(orderId)
                .map(Detail::order)
                .map(order -> new ParkedState(
                        order.firstParkedVersion(),
                        order.cause().name(),
                        order.reason(),
                        order.waitingEvents(),
                        order.parkedAt()));
    }

    /**
     * Counts the parked orders for the gauge and notes their ids, and those of orders with skips: after each change
     * this instance makes, each sweep, and a batch that found another writer's commits.
     */
    void refresh() {
        long refresh = parkedIds.refreshStarting();
        status.parkedOrders(store.parkedOrderCount(ProjectionTables.LIVE));
        List<String> parked = store.parkedOrderIds(ProjectionTables.LIVE, MAX_KNOWN_IDS);
        List<String> withSkips = store.skippedOrderIds(MAX_KNOWN_IDS);
        parkedIds.refreshed(
                refresh, parked, withSkips, parked.size() < MAX_KNOWN_IDS && withSkips.size() < MAX_KNOWN_IDS);
    }

    List<ParkedOrder> list(int limit) {
        return store.parkedOrders(ProjectionTables.LIVE, limit);
    }

    Optional<Detail> detail(String orderId) {
        List<ParkedEvent> events =
                store.parked(ProjectionTables.LIVE, List.of(orderId)).getOrDefault(orderId, List.of());
        List<Map<String, Object>> skips = store.skips(orderId);
        if (events.isEmpty() && skips.isEmpty()) {
            return Optional.empty();
        }
        ParkedEvent first = events.isEmpty() ? null : events.getFirst();
        ParkedOrder order = first == null
                ? null
                : new ParkedOrder(
                        orderId,
                        first.version(),
                        first.cause(),
                        first.reason(),
                        first.partition(),
                        first.offset(),
                        first.parkedAt(),
                        events.size());
        return Optional.of(new Detail(order, events, skips));
    }

    /** Applies the order's parked events now, as far as they go. */
    Optional<Detail> retry(String orderId) {
        drain(List.of(orderId));
        return Optional.of(detail(orderId).orElseGet(() -> new Detail(null, List.of(), List.of())));
    }

    /**
     * Steps over what the order waits on: its first parked event, or at a gap the missing versions before it; then
     * applies what follows.
     *
     * @return the order after the skip, or empty when it is not parked
     */
    Optional<Detail> skip(String orderId, String by, String why) {
        Boolean skipped = transaction.execute(tx -> {
            List<String> ids = List.of(orderId);
            store.lockOffsets(
                    ProjectionTables.LIVE, Topics.ORDER_EVENTS, store.parkedPartitions(ProjectionTables.LIVE, ids));
            List<ParkedEvent> events = store.parked(ProjectionTables.LIVE, ids).getOrDefault(orderId, List.of());
            if (events.isEmpty()) {
                return false;
            }
            ParkedEvent head = events.getFirst();
            List<ParkedEvent> skip = new ArrayList<>();
            if (head.cause() == ParkedEvent.Cause.GAP) {
                long applied = appliedVersion(orderId);
                if (head.version() - applied - 1 > MAX_SKIPPED_VERSIONS) {
                    throw new IllegalArgumentException("order " + orderId + " misses "
                            + (head.version() - applied - 1) + " versions; at most " + MAX_SKIPPED_VERSIONS
                            + " can be skipped at once");
                }
                for (long version = applied + 1; version < head.version(); version++) {
                    skip.add(new ParkedEvent(
                            orderId,
                            version,
                            head.cause(),
                            head.reason(),
                            head.partition(),
                            head.offset(),
                            null,
                            head.parkedAt(),
                            Provenance.NONE));
                }
            } else {
                skip.add(head);
            }
            store.skip(orderId, skip, head.reason(), by, why, clock.instant());
            log.warn(
                    "Operator {} skipped version(s) {} of parked order {}: {}",
                    by,
                    skip.stream().map(ParkedEvent::version).toList(),
                    orderId,
                    why);
            return true;
        });
        if (!Boolean.TRUE.equals(skipped)) {
            return Optional.empty();
        }
        return retry(orderId);
    }

    /** Drains orders parked at a gap that another partition's transaction filled beside the one that parked them. */
    @Scheduled(
            fixedDelayString = "${query.projection.sweep-interval:2s}",
            initialDelayString = "${query.projection.sweep-interval:2s}")
    void sweep() {
        try {
            List<String> filled = store.filledGaps(ProjectionTables.LIVE);
            if (!filled.isEmpty()) {
                drain(filled);
            }
            refresh();
        } catch (DataAccessException e) {
            // The next sweep tries again; the projection itself reports a database that stays away.
            log.warn("Sweep of parked orders failed: {}", e.getMessage());
        }
    }

    private void drain(List<String> orderIds) {
        BatchPlan plan = projection.drain(ProjectionTables.LIVE, Topics.ORDER_EVENTS, orderIds);
        status.counted(plan);
        versions.applied(plan.rows.values());
        refresh();
    }

    private long appliedVersion(String orderId) {
        OrderRow row = store.orders(ProjectionTables.LIVE, List.of(orderId)).get(orderId);
        long version = row == null ? 0 : row.version();
        var skipped = store.skipped(List.of(orderId)).getOrDefault(orderId, Set.of());
        while (skipped.contains(version + 1)) {
            version++;
        }
        return version;
    }
}
