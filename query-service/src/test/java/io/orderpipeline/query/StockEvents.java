package io.orderpipeline.query;

import io.orderpipeline.events.StockEvent;
import io.orderpipeline.events.StockEventCodec;
import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.KafkaOperations;

/** Produces stock events straight onto inventory.events, keyed by product, as processor-service's topology would. */
public final class StockEvents {

    private final KafkaOperations<Object, Object> kafka;

    public StockEvents(KafkaOperations<Object, Object> kafka) {
        this.kafka = kafka;
    }

    public static String newProduct() {
        return "product-" + UUID.randomUUID();
    }

    /** The whole stock of a product after its {@code version}-th change. */
    public static StockEvent stock(String product, long version, long onHand, long reserved) {
        return new StockEvent(
                UUID.randomUUID(),
                version == 1 ? StockEvent.Type.StockReceived : StockEvent.Type.StockReserved,
                product,
                version,
                Instant.parse("2026-01-01T00:00:00Z").plus(version, ChronoUnit.MINUTES),
                version == 1 ? onHand : 1,
                onHand,
                reserved,
                version == 1 ? null : "order-" + version,
                null);
    }

    /** Sends and waits for the broker's acknowledgement, so the order of calls is the order in the log. */
    public void publish(StockEvent... events) {
        for (StockEvent event : events) {
            publishRaw(event.product(), StockEventCodec.encode(event));
        }
    }

    /** The partition the default partitioner puts a product in. */
    public static int partitionOf(String product) {
        return Utils.toPositive(Utils.murmur2(product.getBytes(StandardCharsets.UTF_8)))
                % InventoryEventsTopic.PARTITIONS;
    }

    public void publishRaw(String product, byte[] value) {
        try {
            kafka.send(Topics.INVENTORY_EVENTS, product, value).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
