package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.web.StorableText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code POST /inventory/{product}/receipts}: units that arrived, and why (optional). */
record ReceiptRequest(
        @NotNull(message = RANGE)
        @Min(value = 1, message = RANGE)
        @Max(value = StockRequests.MAX_UNITS, message = RANGE)
        @JsonDeserialize(using = WholeNumber.class)
        Long quantity,

        @StorableText(max = StockRequests.MAX_REASON) String reason) {

    static final String RANGE = "must be an integer between 1 and " + StockRequests.MAX_UNITS;
}
