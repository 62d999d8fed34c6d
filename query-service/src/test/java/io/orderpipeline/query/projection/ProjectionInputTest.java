package io.orderpipeline.query.projection;

import static io.orderpipeline.query.OrderEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The rebuild reads raw bytes and decodes them in its writers; the live side gets envelopes already decoded. */
class ProjectionInputTest {

    @Test
    void decodesRawBytesIntoTheSameEventTheLiveSideGets() {
        EventEnvelope event = created("order-1", "c-1", "laptop", 2);

        ProjectionInput fromBytes =
                ProjectionInput.of(new ConsumerRecord<>("orders.events", 2, 41, "order-1", EventCodec.encode(event)));
        ProjectionInput decoded = ProjectionInput.of(new ConsumerRecord<>("orders.events", 2, 41, "order-1", event));

        assertThat(fromBytes).isEqualTo(decoded);
        assertThat(fromBytes.envelope()).isEqualTo(event);
        assertThat(fromBytes.unreadable()).isNull();
    }

    @Test
    void bytesTheCodecRefusesAreUnreadableWithItsReason() {
        byte[] notAnEvent = "{\"type\":\"OrderTeleported\"}".getBytes(StandardCharsets.UTF_8);

        ProjectionInput input = ProjectionInput.of(new ConsumerRecord<>("orders.events", 0, 7, "order-1", notAnEvent));

        assertThat(input.envelope()).isNull();
        assertThat(input.offset()).isEqualTo(7);
        assertThat(input.unreadable()).contains("unknown event type 'OrderTeleported'");
    }
}
