package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record CreateOrderRequest(
        @NotBlank @Size(max = 64) String customerId,
        @NotBlank @Size(max = 128) String product,
        @NotNull @Min(1) @Max(10_000) Integer quantity) {

    CreateOrder toCommand() {
        return new CreateOrder(customerId, product, quantity);
    }
}
