package io.orderpipeline.query.order;

import java.util.List;

/**
 * Which page of an order list to read, and in which order.
 *
 * @param page zero-based
 * @param sort applied in turn; it must end in a unique key so that pages never overlap
 */
public record OrderPageRequest(int page, int size, List<OrderSort> sort) {

    public OrderPageRequest {
        if (page < 0 || size < 1 || sort.isEmpty()) {
            throw new IllegalArgumentException("page " + page + ", size " + size + ", sort " + sort);
        }
        sort = List.copyOf(sort);
    }

    long offset() {
        return (long) page * size;
    }
}
