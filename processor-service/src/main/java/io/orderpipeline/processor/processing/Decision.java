package io.orderpipeline.processor.processing;

import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderRejected;
import java.time.Duration;

/**
 * What the processor answers to one request and how long it pretends that took.
 *
 * @param outcome {@link OrderProcessed} or {@link OrderRejected}
 * @param rejectionReason the bounded reason of a rejection, {@code null} when processed
 * @param processingTime the simulated time this request takes
 */
record Decision(OrderEvent outcome, RejectionReason rejectionReason, Duration processingTime) {

    static Decision processed(Duration processingTime) {
        return new Decision(new OrderProcessed(), null, processingTime);
    }

    static Decision rejected(RejectionReason reason, String text, Duration processingTime) {
        return new Decision(new OrderRejected(text), reason, processingTime);
    }

    boolean isProcessed() {
        return rejectionReason == null;
    }
}
