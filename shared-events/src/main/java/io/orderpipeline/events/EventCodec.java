package io.orderpipeline.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapping of {@link EventEnvelope}, used for Kafka values and the MongoDB event store alike.
 *
 * <p>Writing is strict about the layout (fixed field order, millisecond UTC timestamps) so the golden files can pin
 * it. Reading is strict about what it needs and tolerant of what it does not know: unknown fields are ignored, a
 * missing field, an unknown type or an unsupported schema version is an {@link InvalidEventException}.
 */
public final class EventCodec {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .build();

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private EventCodec() {}

    /** An instant as the wire writes {@code occurredAt}, e.g. {@code 2026-01-01T00:00:00.000Z}; also the time headers. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** Reads an instant {@link #timestamp} wrote; a {@link DateTimeParseException} for any other layout. */
    public static Instant instant(String timestamp) {
        return Instant.from(TIMESTAMP.parse(timestamp));
    }

    public static byte[] encode(EventEnvelope envelope) {
        return MAPPER.writeValueAsBytes(tree(envelope));
    }

    public static String encodeToString(EventEnvelope envelope) {
        return MAPPER.writeValueAsString(tree(envelope));
    }

    private static ObjectNode tree(EventEnvelope envelope) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("eventId", envelope.eventId().toString());
        json.put("type", envelope.type());
        json.put("schemaVersion", envelope.schemaVersion());
        json.put("orderId", envelope.orderId());
        json.put("version", envelope.version());
        json.put("occurredAt", TIMESTAMP.format(envelope.occurredAt()));
        json.put("correlationId", envelope.correlationId());
        json.put("causationId", envelope.causationId());
        json.set("data", MAPPER.valueToTree(envelope.event()));
        return json;
    }

    /**
     * The envelope as the fields of its JSON layout (same names, order and values; {@code data} a nested map), for a
     * store that keeps documents: it is built without writing JSON text and parsing it back.
     */
    public static Map<String, Object> toFields(EventEnvelope envelope) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", envelope.eventId().toString());
        fields.put("type", envelope.type());
        fields.put("schemaVersion", envelope.schemaVersion());
        fields.put("orderId", envelope.orderId());
        fields.put("version", envelope.version());
        fields.put("occurredAt", TIMESTAMP.format(envelope.occurredAt()));
        fields.put("correlationId", envelope.correlationId());
        fields.put("causationId", envelope.causationId());
        fields.put("data", MAPPER.convertValue(envelope.event(), FIELDS));
        return fields;
    }

    /** Reads an envelope from the fields {@link #toFields} wrote (or any map of the JSON layout). */
    public static EventEnvelope decode(Map<String, ?> fields) {
        return decode(MAPPER.<JsonNode>valueToTree(fields));
    }

    public static EventEnvelope decode(byte[] json) {
        if (json == null) {
            throw new InvalidEventException("empty value: an event needs a JSON envelope");
        }
        // Parsed from the bytes as they came: no String copy of every Kafka value first.
        try {
            return decode(MAPPER.readTree(json));
        } catch (JacksonException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static EventEnvelope decode(String json) {
        return decode(readTree(json));
    }

    private static EventEnvelope decode(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("not a JSON object");
        }
        String typeName = text(root, "type");
        Class<? extends OrderEvent> type = EventTypes.forName(typeName)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + typeName + "'"));
        int schemaVersion = required(root, "schemaVersion").asInt();
        int supported = EventTypes.schemaVersionOf(type);
        if (schemaVersion != supported) {
            throw new InvalidEventException("unsupported schemaVersion " + schemaVersion + " of " + typeName
                    + " (this reader supports " + supported + ")");
        }
        try {
            return new EventEnvelope(
                    UUID.fromString(text(root, "eventId")),
                    text(root, "orderId"),
                    required(root, "version").asLong(),
                    instant(text(root, "occurredAt")),
                    text(root, "correlationId"),
                    text(root, "causationId"),
                    MAPPER.treeToValue(required(root, "data"), type));
        } catch (JacksonException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("invalid " + typeName + " envelope: " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(String json) {
        return object(() -> MAPPER.readTree(json));
    }

    /** The JSON object in the bytes, parsed as they came; an {@link InvalidEventException} for anything else. */
    static JsonNode readObject(byte[] json) {
        return object(() -> MAPPER.readTree(json));
    }

    /** Parses with {@code parse}: the root must be a JSON object; anything else is an {@link InvalidEventException}. */
    private static JsonNode object(Supplier<JsonNode> parse) {
        try {
            JsonNode root = parse.get();
            if (root == null || !root.isObject()) {
                throw new InvalidEventException("not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode required(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException("missing field '" + field + "'");
        }
        return value;
    }

    static String text(JsonNode root, String field) {
        JsonNode value = required(root, field);
        if (!value.isString()) {
            throw new InvalidEventException("field '" + field + "' must be a string");
        }
        return value.asString();
    }
}
