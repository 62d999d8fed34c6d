package io.orderpipeline.orders.order;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.orderpipeline.events.EventEnvelope;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The streams of recently used orders as this instance last wrote or read them, so a command on an order seen
 * moments ago (processing after a create, the processor's outcome after processing) needs no read of MongoDB.
 *
 * <p>Only an optimisation, never the truth: another instance may have appended since. A stale stream cannot
 * slip through, because the append names the version it follows and the unique index refuses it if that version is
 * taken; and a refusal decided on a cached stream is decided again on the stored one. See {@link OrderService}.
 */
@Component
class RecentStreams {

    private static final int MAXIMUM_ORDERS = 100_000;

    private final Cache<String, List<EventEnvelope>> streams =
            Caffeine.newBuilder().maximumSize(MAXIMUM_ORDERS).build();

    Optional<List<EventEnvelope>> get(String orderId) {
        return Optional.ofNullable(streams.getIfPresent(orderId));
    }

    /** Keeps the longer of what is cached and what is offered: concurrent commands may finish in any order. */
    void remember(String orderId, List<EventEnvelope> stream) {
        streams.asMap().merge(orderId, stream, (cached, offered) -> offered.size() >= cached.size() ? offered : cached);
    }

    void forget(String orderId) {
        streams.invalidate(orderId);
    }
}
