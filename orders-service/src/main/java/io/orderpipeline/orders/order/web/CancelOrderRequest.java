package io.orderpipeline.orders.order.web;

import io.orderpipeline.web.StorableText;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST /orders/{id}/cancel}: why, in words, kept in the order's history. */
record CancelOrderRequest(
        @NotBlank(message = "must not be blank") @StorableText(max = 500)
        String reason) {}
