package io.orderpipeline.web.tracing;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every span the service's Brave tracer finishes, as Zipkin would receive it, kept in memory for assertions. */
public class RecordedSpans extends SpanHandler {

    private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

    @Override
    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
        finished.add(span);
        return true;
    }

    public List<MutableSpan> all() {
        return List.copyOf(finished);
    }
}
