package io.orderpipeline.events;

import java.time.format.DateTimeParseException;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of a {@link StockEvent} on {@link Topics#INVENTORY_EVENTS}: a fixed field order, millisecond UTC times as
 * in {@link EventCodec}, {@code available} written for readers with console tools and ignored when read. Reading is
 * strict about what it needs (an {@link InvalidEventException} says which field) and ignores unknown fields.
 */
public final class StockEventCodec {

    /** The schema this codec writes and the only one it reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private StockEventCodec() {}

    public static byte[] encode(StockEvent event) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("eventId", event.eventId().toString());
        json.put("type", event.type().name());
        json.put("schemaVersion", SCHEMA_VERSION);
        json.put("product", event.product());
        json.put("version", event.version());
        json.put("occurredAt", EventCodec.timestamp(event.occurredAt()));
        json.put("quantity", event.quantity());
        json.put("onHand", event.onHand());
        json.put("reserved", event.reserved());
        json.put("available", event.available());
        if (event.orderId() != null) {
            json.put("orderId", event.orderId());
        }
        if (event.reason() != null) {
            json.put("reason", event.reason());
        }
        return MAPPER.writeValueAsBytes(json);
    }

    public static StockEvent decode(byte[] json) {
        if (json == null) {
            throw new InvalidEventException("empty value: a stock event needs a JSON object");
        }
        JsonNode root = EventCodec.readObject(json);
        String typeName = EventCodec.text(root, "type");
        StockEvent.Type type;
        try {
            type = StockEvent.Type.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("unknown stock event type '" + typeName + "'", e);
        }
        long schemaVersion = number(root, "schemaVersion");
        if (schemaVersion != SCHEMA_VERSION) {
            throw new InvalidEventException("unsupported schemaVersion " + schemaVersion + " of " + typeName
                    + " (this reader supports " + SCHEMA_VERSION + ")");
        }
        try {
            return new StockEvent(
                    UUID.fromString(EventCodec.text(root, "eventId")),
                    type,
                    EventCodec.text(root, "product"),
                    number(root, "version"),
                    EventCodec.instant(EventCodec.text(root, "occurredAt")),
                    number(root, "quantity"),
                    number(root, "onHand"),
                    number(root, "reserved"),
                    optionalText(root, "orderId"),
                    optionalText(root, "reason"));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new InvalidEventException("invalid " + typeName + ": " + e.getMessage(), e);
        }
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : EventCodec.text(root, field);
    }

    private static long number(JsonNode root, String field) {
        JsonNode value = EventCodec.required(root, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidEventException("field '" + field + "' must be a whole number");
        }
        return value.asLong();
    }
}
