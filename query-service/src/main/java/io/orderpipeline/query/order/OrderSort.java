package io.orderpipeline.query.order;

import java.util.Map;
import java.util.Set;

/**
 * One key of an order list's sort: a property by its JSON name, and a direction.
 *
 * @param property one of {@link #PROPERTIES}
 */
public record OrderSort(String property, Direction direction) {

    public enum Direction {
        ASC,
        DESC
    }

    /** The sortable JSON names and their columns: the only text an ORDER BY is built from. */
    private static final Map<String, String> COLUMNS = Map.of(
            "createdAt", "created_at",
            "updatedAt", "updated_at",
            "orderId", "order_id",
            "customerId", "customer_id",
            "product", "product",
            "quantity", "quantity",
            "status", "status",
            "version", "version");

    /** Properties a list may be sorted by. */
    public static final Set<String> PROPERTIES = COLUMNS.keySet();

    public OrderSort {
        if (!COLUMNS.containsKey(property)) {
            throw new IllegalArgumentException("not a sortable property: " + property);
        }
    }

    public static OrderSort asc(String property) {
        return new OrderSort(property, Direction.ASC);
    }

    public static OrderSort desc(String property) {
        return new OrderSort(property, Direction.DESC);
    }

    String column() {
        return COLUMNS.get(property);
    }
}
