package io.orderpipeline.processor.processing;

import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import org.springframework.stereotype.Component;

/** The processing decision: a pure function of the request and the rules, so a replay decides the same way. */
@Component
class Decider {

    private final ProcessingRules rules;

    Decider(ProcessingRules rules) {
        this.rules = rules;
    }

    OrderEvent decide(OrderProcessingRequested request) {
        if (request.quantity() > rules.maxQuantity()) {
            return new OrderRejected(
                    "quantity " + request.quantity() + " is above the maximum of " + rules.maxQuantity());
        }
        return new OrderProcessed();
    }
}
