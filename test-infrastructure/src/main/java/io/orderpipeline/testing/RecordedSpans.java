package io.orderpipeline.testing;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every span a service's Brave tracer finishes, as Zipkin would receive it, kept in memory for assertions: the
 * service's real tracer, only the exporter is replaced. Import it into a test's context ({@code @Import}); the proof
 * against a real collector is end-to-end-tests' {@code TracingIT}.
 */
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

    public List<MutableSpan> ofTrace(String traceId) {
        return finished.stream().filter(span -> traceId.equals(span.traceId())).toList();
    }

    public MutableSpan byId(String spanId) {
        return finished.stream()
                .filter(span -> spanId.equals(span.id()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + spanId + " finished"));
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

    /** The finished span of that name tagged with that order and version, once there is one. */
    public Optional<MutableSpan> ofOrder(String name, String orderId, long version) {
        return finished.stream()
                .filter(span -> name.equals(span.name()))
                .filter(span -> orderId.equals(span.tag("order.id")))
                .filter(span -> String.valueOf(version).equals(span.tag("order.version")))
                .findFirst();
    }
}
