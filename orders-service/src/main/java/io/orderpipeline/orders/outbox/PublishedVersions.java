package io.orderpipeline.orders.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last version the relay published per order, for the most recently published orders only. Used by the relay's
 * thread alone, so it needs no locking.
 */
final class PublishedVersions {

    private final Map<String, Long> versions;

    PublishedVersions(int capacity) {
        this.versions = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    Long of(String orderId) {
        return versions.get(orderId);
    }

    void record(String orderId, long version) {
        versions.merge(orderId, version, Math::max);
    }
}
