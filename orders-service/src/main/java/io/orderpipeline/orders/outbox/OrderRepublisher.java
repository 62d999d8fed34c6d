package io.orderpipeline.orders.outbox;

import io.orderpipeline.orders.order.OrderNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Sends an order's whole stream to {@code orders.events} again, for an operator filling a gap a consumer cannot fill
 * by itself (a version it never received). Read from the store and sent in version order by the instance asked,
 * through the outbox's producer. Consumers see duplicates of what they already applied, which they ignore, and the
 * versions they miss.
 */
@Component
public class OrderRepublisher {

    private final OutboxRelay relay;

    OrderRepublisher(OutboxRelay relay) {
        this.relay = relay;
    }

    /**
     * @return how many commits of the order are being published again
     * @throws OrderNotFoundException if the order has no commit
     */
    public long republish(String orderId) {
        long commits = relay.republish(orderId);
        if (commits == 0) {
            throw new OrderNotFoundException(orderId);
        }
        return commits;
    }
}
