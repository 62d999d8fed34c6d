package io.orderpipeline.query.order.web;

import io.orderpipeline.query.order.OrderPage;
import java.util.List;
import java.util.Locale;

/** One page of orders with what a client needs to page on: the total count and the sort applied. */
record OrderPageJson(List<OrderJson> items, int page, int size, long totalElements, int totalPages, List<String> sort) {

    static OrderPageJson of(OrderPage page) {
        return new OrderPageJson(
                page.items().stream().map(OrderJson::of).toList(),
                page.request().page(),
                page.request().size(),
                page.totalElements(),
                page.totalPages(),
                page.request().sort().stream()
                        .map(order -> order.property() + ","
                                + order.direction().name().toLowerCase(Locale.ROOT))
                        .toList());
    }
}
