package io.orderpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventEnvelopeSerializerTest {

    @Test
    void repeatsTheEnvelopeIdentityInHeaders() {
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID(), "o-1", 2, Instant.now(), "corr-9", "cause", new OrderRejected("no stock"));
        Headers headers = new RecordHeaders();

        byte[] value;
        try (var serializer = new EventEnvelopeSerializer()) {
            value = serializer.serialize("orders.events", headers, envelope);
        }

        assertThat(header(headers, EventHeaders.EVENT_TYPE)).isEqualTo("OrderRejected");
        assertThat(header(headers, EventHeaders.EVENT_ID))
                .isEqualTo(envelope.eventId().toString());
        assertThat(header(headers, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(header(headers, EventHeaders.CORRELATION_ID)).isEqualTo("corr-9");
        try (var deserializer = new EventEnvelopeDeserializer()) {
            assertThat(deserializer.deserialize("orders.events", value)).isEqualTo(envelope);
        }
    }

    private static String header(Headers headers, String key) {
        return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
