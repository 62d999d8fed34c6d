package io.orderpipeline.orders.idempotency;

import java.util.Map;

/** The answer a keyed request got, replayed as it was to every retry with the same key. */
public record StoredResponse(int status, Map<String, String> headers, String body) {

    public StoredResponse {
        headers = Map.copyOf(headers);
    }
}
