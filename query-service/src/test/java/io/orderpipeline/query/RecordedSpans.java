package io.orderpipeline.query;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every span the service's Brave tracer finishes, as Zipkin would receive it, kept in memory for assertions: the
 * service's real tracer, only the exporter is replaced.
 */
public class RecordedSpans extends SpanHandler {

    private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
        finished.add(span);
        return true;
    }

    /** The finished {@code orders.events receive} span of that order's version. */
    public Optional<MutableSpan> receiveOf(String orderId, long version) {
        return finished.stream()
                .filter(span -> "orders.events receive".equals(span.name()))
                .filter(span -> orderId.equals(span.tag("order.id")))
                .filter(span -> String.valueOf(version).equals(span.tag("order.version")))
                .findFirst();
    }
}
