package io.orderpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the wire format: one golden file per event type under {@code src/test/resources/golden}. A failure here
 * means the contract between the services changed; update the golden file only on purpose.
 */
class EventCodecGoldenTest {

    static Stream<Class<?>> eventTypes() {
        return Arrays.stream(OrderEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void encodesEveryEventTypeExactlyAsItsGoldenFile(Class<? extends OrderEvent> type) throws IOException {
        String golden = golden(type);

        // Re-serialising the parsed golden file keeps its field order and drops only the pretty-printing.
        String expected = JsonMapper.builder().build().readTree(golden).toString();
        assertThat(EventCodec.encodeToString(sample(type))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void decodesEveryGoldenFileToItsEvent(Class<? extends OrderEvent> type) throws IOException {
        assertThat(EventCodec.decode(golden(type))).isEqualTo(sample(type));
    }

    private static EventEnvelope sample(Class<? extends OrderEvent> type) {
        OrderEvent event = switch (type.getSimpleName()) {
            case "OrderCreated" -> new OrderCreated("c-1", "laptop", 2);
            case "OrderProcessingRequested" -> new OrderProcessingRequested("c-1", "laptop", 2);
            case "OrderProcessed" -> new OrderProcessed();
            case "OrderRejected" -> new OrderRejected("quantity 20 is above the maximum of 10");
            case "OrderShipped" -> new OrderShipped();
            case "OrderDelivered" -> new OrderDelivered();
            case "OrderCancelled" -> new OrderCancelled("customer changed their mind");
            default -> throw new IllegalArgumentException("add a sample and a golden file for " + type);
        };
        return new EventEnvelope(
                UUID.fromString("8b3f2c1e-0000-4000-8000-000000000001"),
                "5d0c7f9a-0000-4000-8000-00000000abcd",
                3,
                Instant.parse("2026-01-01T00:00:00.123Z"),
                "corr-1",
                "cause-1",
                event);
    }

    private static String golden(Class<?> type) throws IOException {
        String file = "/golden/" + type.getAnnotation(EventType.class).name() + ".json";
        try (InputStream in = EventCodecGoldenTest.class.getResourceAsStream(file)) {
            assertThat(in).as("golden file %s", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
