package io.orderpipeline.query.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Every read of the order model, in SQL. A read of one statement runs without a transaction of its own. */
@Service
public class OrderQueries {

    private static final String VIEW_COLUMNS = "order_id, customer_id, product, quantity, status, version, reason,"
            + " created_at, processing_requested_at, processed_at, rejected_at, shipped_at, delivered_at,"
            + " cancelled_at, updated_at, projected_at";

    private static final RowMapper<OrderView> VIEW = (rs, row) -> new OrderView(
            rs.getString("order_id"),
            rs.getString("customer_id"),
            rs.getString("product"),
            rs.getInt("quantity"),
            OrderStatus.valueOf(rs.getString("status")),
            rs.getLong("version"),
            rs.getString("reason"),
            instant(rs, "created_at"),
            instant(rs, "processing_requested_at"),
            instant(rs, "processed_at"),
            instant(rs, "rejected_at"),
            instant(rs, "shipped_at"),
            instant(rs, "delivered_at"),
            instant(rs, "cancelled_at"),
            instant(rs, "updated_at"),
            instant(rs, "projected_at"));

    private static final RowMapper<OrderHistoryEntry> HISTORY = (rs, row) -> new OrderHistoryEntry(
            rs.getString("order_id"),
            rs.getLong("version"),
            rs.getObject("event_id", UUID.class),
            rs.getString("event_type"),
            OrderStatus.valueOf(rs.getString("status")),
            rs.getString("reason"),
            instant(rs, "occurred_at"),
            rs.getString("correlation_id"),
            rs.getString("trace_id"),
            instant(rs, "committed_at"),
            instant(rs, "published_at"),
            instant(rs, "projected_at"),
            instant(rs, "decided_at"));

    /** The sortable JSON names of the view and their columns: the only text an ORDER BY is built from. */
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "createdAt", "created_at",
            "updatedAt", "updated_at",
            "orderId", "order_id",
            "customerId", "customer_id",
            "product", "product",
            "quantity", "quantity",
            "status", "status",
            "version", "version");

    /** Properties a list may be sorted by. */
    public static final Set<String> SORTABLE = SORT_COLUMNS.keySet();

    private final JdbcClient jdbc;

    OrderQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OrderView> find(String orderId) {
        return jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM orders WHERE order_id = ?")
                .param(orderId)
                .query(VIEW)
                .optional();
    }

    public List<OrderView> findAll(Collection<String> orderIds) {
        return jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM orders WHERE order_id = ANY (?)")
                .param(orderIds.toArray(String[]::new))
                .query(VIEW)
                .list();
    }

    /** Which orders the projection changed after an instant (of PostgreSQL's clock), without reading them whole. */
    public List<OrderChange> changedAfter(Instant since) {
        return jdbc.sql("SELECT order_id, version, projected_at FROM orders WHERE projected_at > ?")
                .param(OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query((rs, row) ->
                        new OrderChange(rs.getString("order_id"), rs.getLong("version"), instant(rs, "projected_at")))
                .list();
    }

    /** When the projection last changed an order, if ever. */
    public Optional<Instant> newestChange() {
        // One row, whose value is null while the table is empty.
        List<Instant> newest = jdbc.sql("SELECT max(projected_at) AS newest FROM orders")
                .query((rs, row) -> instant(rs, "newest"))
                .list();
        return Optional.ofNullable(newest.getFirst());
    }

    /**
     * One page with its total count; the request's sort must end in a unique key so pages never overlap. The count is
     * left out when the page itself tells the total (a short page), as Spring Data's repositories do.
     */
    @Transactional(readOnly = true)
    public Page<OrderView> list(OrderFilter filter, Pageable pageable) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter, params);
        String orderBy = pageable.getSort().stream()
                .map(order ->
                        column(order.getProperty()) + " " + order.getDirection().name())
                .collect(Collectors.joining(", "));
        List<OrderView> items = jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM orders" + where + " ORDER BY " + orderBy
                        + " LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", pageable.getPageSize())
                .param("offset", pageable.getOffset())
                .query(VIEW)
                .list();
        return PageableExecutionUtils.getPage(
                items,
                pageable,
                () -> jdbc.sql("SELECT count(*) FROM orders" + where)
                        .params(params)
                        .query(Long.class)
                        .single());
    }

    public List<OrderHistoryEntry> history(String orderId) {
        return jdbc.sql("SELECT * FROM order_history WHERE order_id = ? ORDER BY version")
                .param(orderId)
                .query(HISTORY)
                .list();
    }

    /** Every status, with zero where no order is in it. */
    public Map<OrderStatus, Long> countByStatus() {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, count(*) AS orders FROM orders GROUP BY status")
                .query((RowCallbackHandler)
                        rs -> counts.put(OrderStatus.valueOf(rs.getString("status")), rs.getLong("orders")));
        return counts;
    }

    /** Only bound parameters: the filter's values never become SQL text. */
    private static String where(OrderFilter filter, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (filter.status() != null) {
            conditions.add("status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.customerId() != null) {
            conditions.add("customer_id = :customerId");
            params.put("customerId", filter.customerId());
        }
        if (filter.product() != null) {
            conditions.add("product = :product");
            params.put("product", filter.product());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String column(String property) {
        String column = SORT_COLUMNS.get(property);
        if (column == null) {
            throw new IllegalArgumentException("not a sortable property: " + property);
        }
        return column;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
