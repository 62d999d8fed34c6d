package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCancelled;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.events.OrderEvent;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.eventstore.Commit;
import io.orderpipeline.orders.eventstore.EventStore;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

/**
 * The relay publishes each order's commits in the order MongoDB inserted them, which is version order, whatever their
 * ids say. Commits of one order made on two instances within one second get ObjectIds ordered by each process's
 * random value, not by version: here version 3 has the lowest id and version 2 the highest. Inserted while the relay
 * is stopped, they reach it when it resumes its change stream from the position it stored on stopping.
 */
@OrdersServiceTest
class OutboxInsertOrderIT {

    @Autowired
    OutboxRelay relay;

    @Autowired
    EventStore store;

    @Autowired
    KafkaConnectionDetails kafka;

    @Test
    void commitsInsertedWhileStoppedArePublishedInVersionOrderWhateverTheirIds() {
        String orderId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        relay.stop();
        try {
            // Inserted in version order, as the service does; in one second, where the process part of the id decides:
            // version 3's sorts first, version 2's last.
            append(objectId(now, 0x7f), orderId, 1, new OrderCreated("c-1", "laptop", 1), now);
            append(objectId(now, 0xff), orderId, 2, new OrderProcessingRequested("c-1", "laptop", 1), now);
            append(objectId(now, 0x00), orderId, 3, new OrderCancelled("changed my mind"), now);
        } finally {
            relay.start();
        }

        try (OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            List<Long> versions = events.awaitEvents(List.of(orderId), 3).stream()
                    .map(EventEnvelope::version)
                    .toList();
            assertThat(versions).containsExactly(1L, 2L, 3L);
        }
    }

    private void append(ObjectId id, String orderId, long version, OrderEvent event, Instant at) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), orderId, version, at, orderId, orderId, event);
        store.append(new Commit(id, orderId, UUID.randomUUID().toString(), List.of(envelope), at, Map.of()));
    }

    /** An ObjectId of that second whose per-process random part starts with {@code process}. */
    private static ObjectId objectId(Instant second, int process) {
        return new ObjectId(ByteBuffer.allocate(12)
                .putInt((int) second.getEpochSecond())
                .put((byte) process)
                .put(new byte[] {1, 2, 3, 4})
                .put(new byte[] {0, 0, 1})
                .array());
    }
}
