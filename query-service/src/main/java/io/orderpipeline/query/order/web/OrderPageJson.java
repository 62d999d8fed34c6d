package io.orderpipeline.query.order.web;

import io.orderpipeline.query.order.OrderView;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.Page;

/** One page of orders with what a client needs to page on: the total count and the sort applied. */
record OrderPageJson(List<OrderJson> items, int page, int size, long totalElements, int totalPages, List<String> sort) {

    static OrderPageJson of(Page<OrderView> page) {
        return new OrderPageJson(
                page.getContent().stream().map(OrderJson::of).toList(),
                page.getNumber(),
                page.getSize(),
                page.getTotalElements(),
                page.getTotalPages(),
                page.getSort().stream()
                        .map(order -> order.getProperty() + ","
                                + order.getDirection().name().toLowerCase(Locale.ROOT))
                        .toList());
    }
}
