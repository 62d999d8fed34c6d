package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /orders}. Unknown properties and non-integer quantities are refused by the web mapper. */
record CreateOrderRequest(
        @NotBlank(message = "must not be blank") @Size(max = 64, message = "must be at most 64 characters")
        String customerId,

        @NotBlank(message = "must not be blank") @Size(max = 128, message = "must be at most 128 characters")
        String product,

        @NotNull(message = "must be an integer between 1 and 10000")
        @Min(value = 1, message = "must be an integer between 1 and 10000")
        @Max(value = 10_000, message = "must be an integer between 1 and 10000")
        Integer quantity) {

    CreateOrder toCommand() {
        return new CreateOrder(customerId, product, quantity);
    }
}
