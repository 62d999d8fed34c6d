package io.orderpipeline.query.order;

import java.util.List;

/** One page of an order list, the request it answers and how many orders match in all. */
public record OrderPage(OrderPageRequest request, List<OrderView> items, long totalElements) {

    public int totalPages() {
        return (int) Math.ceil((double) totalElements / request.size());
    }
}
