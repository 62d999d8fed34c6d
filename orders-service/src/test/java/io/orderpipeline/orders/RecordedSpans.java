package io.orderpipeline.orders;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import java.util.List;
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

    public List<MutableSpan> ofTrace(String traceId) {
        return finished.stream().filter(span -> traceId.equals(span.traceId())).toList();
    }

    /** The span of that trace with that name (Zipkin shows names in lower case) and that parent. */
    public MutableSpan get(String traceId, String name, String parentId) {
        return ofTrace(traceId).stream()
                .filter(span -> name.equalsIgnoreCase(span.name()))
                .filter(span -> parentId.equals(span.parentId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' with parent " + parentId + " in trace "
                        + traceId + ": " + ofTrace(traceId)));
    }
}
