package io.orderpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StockEventCodecTest {

    private static final StockEvent RESERVED = new StockEvent(
            UUID.fromString("00000000-0000-0000-0000-000000000001"),
            StockEvent.Type.StockReserved,
            "laptop",
            3,
            Instant.parse("2026-01-01T00:00:00.123456Z"),
            2,
            10,
            4,
            "order-1",
            null);

    @Test
    void writesAFixedLayoutWithAvailableAndLeavesOutWhatIsNull() {
        assertThat(new String(StockEventCodec.encode(RESERVED), StandardCharsets.UTF_8))
                .isEqualTo("{\"eventId\":\"00000000-0000-0000-0000-000000000001\",\"type\":\"StockReserved\","
                        + "\"schemaVersion\":1,\"product\":\"laptop\",\"version\":3,"
                        + "\"occurredAt\":\"2026-01-01T00:00:00.123Z\",\"quantity\":2,\"onHand\":10,\"reserved\":4,"
                        + "\"available\":6,\"orderId\":\"order-1\"}");
    }

    @Test
    void readsWhatItWrote() {
        StockEvent counted = new StockEvent(
                UUID.randomUUID(),
                StockEvent.Type.OnHandSet,
                "phone",
                1,
                Instant.parse("2026-01-01T00:00:00.001Z"),
                7,
                7,
                0,
                null,
                "stock count");

        assertThat(StockEventCodec.decode(StockEventCodec.encode(RESERVED))).isEqualTo(RESERVED);
        assertThat(StockEventCodec.decode(StockEventCodec.encode(counted))).isEqualTo(counted);
    }

    @Test
    void saysWhatIsWrongWithAnUnreadableEvent() {
        assertThatThrownBy(() -> StockEventCodec.decode(bytes("not json")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> StockEventCodec.decode(bytes("{\"type\":\"StockStolen\"}")))
                .hasMessage("unknown stock event type 'StockStolen'");
        assertThatThrownBy(() -> StockEventCodec.decode(bytes("{\"type\":\"StockReceived\",\"schemaVersion\":2}")))
                .hasMessage("unsupported schemaVersion 2 of StockReceived (this reader supports 1)");
        String withoutOnHand =
                new String(StockEventCodec.encode(RESERVED), StandardCharsets.UTF_8).replace("\"onHand\":10,", "");
        assertThatThrownBy(() -> StockEventCodec.decode(bytes(withoutOnHand))).hasMessage("missing field 'onHand'");
        String reservedAboveOnHand = new String(StockEventCodec.encode(RESERVED), StandardCharsets.UTF_8)
                .replace("\"reserved\":4", "\"reserved\":11");
        assertThatThrownBy(() -> StockEventCodec.decode(bytes(reservedAboveOnHand)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("reserved 11");
    }

    @Test
    void refusesStockOutOfBounds() {
        assertThatThrownBy(() -> new StockEvent(
                        UUID.randomUUID(),
                        StockEvent.Type.StockReserved,
                        "laptop",
                        1,
                        Instant.now(),
                        1,
                        1,
                        2,
                        "o",
                        null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
