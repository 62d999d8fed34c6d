package io.orderpipeline.orders.order.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** What a command request says about its command beyond its body: headers, and the command named by the path. */
final class CommandRequests {

    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    static final String CORRELATION_ID_HEADER = "X-Correlation-Id";
    /** Marks an answer given again from the commit of an earlier identical request; the command had no effect now. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final int MAX_KEY_LENGTH = 255;

    private CommandRequests() {}

    /**
     * The command id a key binds the request to: the same for every retry, different for every endpoint (method and
     * path), so the event store's unique command id lets one of them have an effect.
     */
    static String commandIdOf(HttpServletRequest request, String key) {
        String scope = request.getMethod() + " " + request.getRequestURI();
        return UUID.nameUUIDFromBytes((scope + " " + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * The request's key, unquoted if sent as a structured-field string (as the IETF draft writes it); null without one.
     *
     * @throws InvalidHeaderException if the key is unusable
     */
    static String idempotencyKeyOf(HttpServletRequest request) {
        String header = request.getHeader(IDEMPOTENCY_KEY_HEADER);
        if (header == null) {
            return null;
        }
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        boolean usable = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
        for (int i = 0; usable && i < key.length(); i++) {
            usable = key.charAt(i) >= 0x21 && key.charAt(i) <= 0x7e;
        }
        if (!usable) {
            throw new InvalidHeaderException(
                    IDEMPOTENCY_KEY_HEADER,
                    "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters, e.g. a UUID");
        }
        return key;
    }

    /** {@code /orders} is a create, {@code /orders/{id}/{command}} names its command. */
    static String commandOf(HttpServletRequest request) {
        String[] path = request.getRequestURI().replaceFirst("^/+", "").split("/");
        return path.length >= 3 ? path[2] : path.length == 2 ? "unknown" : "create";
    }

    /** The order a path addresses; null for a create. */
    static String orderIdOf(HttpServletRequest request) {
        String[] path = request.getRequestURI().replaceFirst("^/+", "").split("/");
        return path.length >= 2 ? path[1] : null;
    }
}
