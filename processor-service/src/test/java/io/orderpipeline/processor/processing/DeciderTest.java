package io.orderpipeline.processor.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.OrderRejected;
import org.junit.jupiter.api.Test;

class DeciderTest {

    private final Decider decider = new Decider(new ProcessingRules(10));

    @Test
    void processesAnOrderAtTheMaximumQuantity() {
        assertThat(decider.decide(new OrderProcessingRequested("c-1", "laptop", 10)))
                .isEqualTo(new OrderProcessed());
    }

    @Test
    void rejectsAnOrderAboveTheMaximumQuantityAndSaysWhy() {
        assertThat(decider.decide(new OrderProcessingRequested("c-1", "laptop", 11)))
                .isEqualTo(new OrderRejected("quantity 11 is above the maximum of 10"));
    }
}
