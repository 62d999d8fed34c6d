package io.orderpipeline.orders.eventstore;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.orderpipeline.events.EventHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The {@code commit} span, child of whatever the current thread works in (the HTTP request, continued from the
 * client's own {@code traceparent} if it sent one; or the Kafka record whose outcome is recorded), and its
 * propagation fields (W3C {@code traceparent}, and {@code tracestate} where there is one) as stored with the commit,
 * so the outbox relay publishes in this span's trace.
 */
@Component
class TraceContexts {

    private final Tracer tracer;
    private final Propagator propagator;

    TraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Runs the write inside a {@code commit} span that ends when the write returns, given the span's fields. */
    void inCommitSpan(Commit commit, Consumer<Map<String, String>> write) {
        Span span = tracer.nextSpan()
                .name("commit")
                .tag("order.id", commit.orderId())
                .tag("order.version", String.valueOf(commit.toVersion()))
                .start();
        try (Tracer.SpanInScope inCommit = tracer.withSpan(span)) {
            write.accept(fieldsOf(span));
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The trace id of stored propagation fields ({@code traceparent} {@code 00-<trace id>-<span id>-<flags>}). */
    static String traceIdOf(Map<String, String> fields) {
        return EventHeaders.traceIdOf(fields.get(EventHeaders.TRACEPARENT));
    }

    private Map<String, String> fieldsOf(Span span) {
        Map<String, String> fields = new LinkedHashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return fields;
    }
}
