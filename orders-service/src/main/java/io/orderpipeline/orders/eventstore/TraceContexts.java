package io.orderpipeline.orders.eventstore;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The propagation fields (W3C {@code traceparent}, and {@code tracestate} where there is one) of the trace the
 * current thread works in: the HTTP request's, continued from the client's own {@code traceparent} if it sent one.
 */
@Component
class TraceContexts {

    private final Tracer tracer;
    private final Propagator propagator;

    TraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    Map<String, String> current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return fields;
    }
}
