package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import io.orderpipeline.web.StorableText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /orders}. Unknown properties and non-integer quantities are refused by the web mapper; the
 * texts are bounded well inside the read model's columns and hold nothing a store downstream would refuse.
 */
record CreateOrderRequest(
        @NotBlank(message = "must not be blank") @StorableText(max = 64)
        String customerId,

        @NotBlank(message = "must not be blank") @StorableText(max = 128)
        String product,

        @NotNull(message = "must be an integer between 1 and 10000")
        @Min(value = 1, message = "must be an integer between 1 and 10000")
        @Max(value = 10_000, message = "must be an integer between 1 and 10000")
        Integer quantity) {

    CreateOrder toCommand() {
        return new CreateOrder(customerId, product, quantity);
    }
}
