package io.orderpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTest {

    private static final String CREATED = """
            {"eventId":"8b3f2c1e-0000-4000-8000-000000000001","type":"OrderCreated","schemaVersion":1,
             "orderId":"o-1","version":1,"occurredAt":"2026-01-01T00:00:00.000Z","correlationId":"c","causationId":"c",
             "data":{"customerId":"c-1","product":"laptop","quantity":2}}""";

    @Test
    void roundTripsAnEnvelope() {
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID(), "o-1", 7, Instant.now(), "corr", "cause", new OrderCancelled("too late"));

        assertThat(EventCodec.decode(EventCodec.encode(envelope))).isEqualTo(envelope);
    }

    /** A document store keeps the fields; they must be the JSON layout itself, so both read the same envelope. */
    @Test
    void writesFieldsOfTheJsonLayoutAndReadsThemBack() {
        EventEnvelope envelope = EventCodec.decode(CREATED);

        Map<String, Object> fields = EventCodec.toFields(envelope);

        assertThat(JsonMapper.builder().build().writeValueAsString(fields))
                .isEqualTo(EventCodec.encodeToString(envelope));
        assertThat(EventCodec.decode(fields)).isEqualTo(envelope);
    }

    @Test
    void keepsTimestampsToTheMillisecondOfTheWireFormat() {
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID(),
                "o-1",
                1,
                Instant.parse("2026-01-01T00:00:00.123456789Z"),
                "c",
                "c",
                new OrderShipped());

        assertThat(envelope.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String withExtras = CREATED.replace("\"quantity\":2", "\"quantity\":2,\"giftWrap\":true")
                .replace("\"version\":1", "\"version\":1,\"producer\":\"v2\"");

        assertThat(EventCodec.decode(withExtras).event()).isEqualTo(new OrderCreated("c-1", "laptop", 2));
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> EventCodec.decode("not json at all"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not JSON");
    }

    @Test
    void refusesAnEmptyValue() {
        assertThatThrownBy(() -> EventCodec.decode((byte[]) null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("empty value");
    }

    @Test
    void refusesAnUnknownType() {
        assertThatThrownBy(() -> EventCodec.decode(CREATED.replace("OrderCreated", "OrderTeleported")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("unknown event type 'OrderTeleported'");
    }

    @Test
    void refusesAnUnsupportedSchemaVersion() {
        assertThatThrownBy(() -> EventCodec.decode(CREATED.replace("\"schemaVersion\":1", "\"schemaVersion\":2")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unsupported schemaVersion 2 of OrderCreated");
    }

    @Test
    void refusesAMissingEnvelopeField() {
        assertThatThrownBy(() -> EventCodec.decode(CREATED.replace("\"orderId\":\"o-1\",", "")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("missing field 'orderId'");
    }

    @Test
    void refusesAMissingPayloadField() {
        assertThatThrownBy(() -> EventCodec.decode(CREATED.replace(",\"quantity\":2", "")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("invalid OrderCreated envelope")
                .hasMessageContaining("quantity");
    }

    @Test
    void refusesAVersionBelowOne() {
        assertThatThrownBy(() -> EventCodec.decode(CREATED.replace("\"version\":1", "\"version\":0")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("version must be at least 1");
    }
}
