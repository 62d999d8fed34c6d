package io.orderpipeline.orders.order.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /orders/{id}/cancel}: why, in words, kept in the order's history. */
record CancelOrderRequest(
        @NotBlank(message = "must not be blank") @Size(max = 500, message = "must be at most 500 characters")
        String reason) {}
