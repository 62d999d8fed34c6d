package io.orderpipeline.query.order;

import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Every read of the order model. Read-only transactions, each as short as its query. */
@Service
@Transactional(readOnly = true)
public class OrderQueries {

    private final OrderViewRepository orders;
    private final OrderHistoryRepository history;

    OrderQueries(OrderViewRepository orders, OrderHistoryRepository history) {
        this.orders = orders;
        this.history = history;
    }

    public Optional<OrderView> find(String orderId) {
        return orders.findById(orderId);
    }

    public List<OrderView> findAll(Collection<String> orderIds) {
        return orders.findByOrderIdIn(orderIds);
    }

    /** Which orders the projection changed after an instant (of PostgreSQL's clock), without reading them whole. */
    public List<OrderChange> changedAfter(Instant since) {
        return orders.findByProjectedAtGreaterThan(since);
    }

    /** When the projection last changed an order, if ever. */
    public Optional<Instant> newestChange() {
        return orders.newestChange();
    }

    /** One page with its total count; the caller's sort must end in a unique key so pages never overlap. */
    public Page<OrderView> list(OrderFilter filter, Pageable page) {
        return orders.findAll(matching(filter), page);
    }

    public List<OrderHistoryEntry> history(String orderId) {
        return history.findByOrderIdOrderByVersion(orderId);
    }

    /** Every status, with zero where no order is in it. */
    public Map<OrderStatus, Long> countByStatus() {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        for (Object[] row : orders.countByStatus()) {
            counts.put((OrderStatus) row[0], (Long) row[1]);
        }
        return counts;
    }

    private static Specification<OrderView> matching(OrderFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (filter.status() != null) {
                predicates.add(cb.equal(root.get("status"), filter.status()));
            }
            if (filter.customerId() != null) {
                predicates.add(cb.equal(root.get("customerId"), filter.customerId()));
            }
            if (filter.product() != null) {
                predicates.add(cb.equal(root.get("product"), filter.product()));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }
}
