package io.orderpipeline.processor;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
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

    public MutableSpan byId(String spanId) {
        return finished.stream()
                .filter(span -> spanId.equals(span.id()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + spanId + " finished"));
    }
}
