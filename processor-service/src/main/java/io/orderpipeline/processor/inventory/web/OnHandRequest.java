package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.web.StorableText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code PUT /inventory/{product}/on-hand}: the units counted on hand, and why (optional). */
record OnHandRequest(
        @NotNull(message = RANGE)
        @Min(value = 0, message = RANGE)
        @Max(value = StockRequests.MAX_UNITS, message = RANGE)
        @JsonDeserialize(using = WholeNumber.class)
        Long count,

        @StorableText(max = StockRequests.MAX_REASON) String reason) {

    static final String RANGE = "must be an integer between 0 and " + StockRequests.MAX_UNITS;
}
