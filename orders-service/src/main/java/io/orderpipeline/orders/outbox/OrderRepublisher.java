package io.orderpipeline.orders.outbox;

import com.mongodb.client.result.UpdateResult;
import io.orderpipeline.orders.eventstore.EventStore;
import io.orderpipeline.orders.order.OrderNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Sends an order's whole stream to {@code orders.events} again, for an operator filling a gap a consumer cannot fill
 * by itself (a version it never received). Through the outbox, not beside it: the order's commits are marked
 * unpublished and the lease holder's next sweep publishes them in version order, like any other. Consumers see
 * duplicates of what they already applied, which they ignore, and the versions they miss.
 */
@Component
public class OrderRepublisher {

    private final EventStore store;
    private final OutboxRelay relay;

    OrderRepublisher(EventStore store, OutboxRelay relay) {
        this.store = store;
        this.relay = relay;
    }

    /**
     * @return how many commits of the order will be published again
     * @throws OrderNotFoundException if the order has no commit
     */
    public long republish(String orderId) {
        UpdateResult reopened = store.markUnpublished(orderId);
        if (reopened.getMatchedCount() == 0) {
            throw new OrderNotFoundException(orderId);
        }
        relay.reopened(reopened.getModifiedCount());
        return reopened.getMatchedCount();
    }
}
