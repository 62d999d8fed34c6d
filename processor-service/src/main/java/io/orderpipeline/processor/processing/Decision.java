package io.orderpipeline.processor.processing;

import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderRejected;

/**
 * What the processor answers to one request.
 *
 * @param outcome {@link OrderProcessed} or {@link OrderRejected}
 * @param rejectionReason the bounded reason of a rejection, {@code null} when processed
 */
public record Decision(OrderEvent outcome, RejectionReason rejectionReason) {

    public static Decision processed() {
        return new Decision(new OrderProcessed(), null);
    }

    public static Decision rejected(RejectionReason reason, String text) {
        return new Decision(new OrderRejected(text), reason);
    }

    public boolean isProcessed() {
        return rejectionReason == null;
    }
}
