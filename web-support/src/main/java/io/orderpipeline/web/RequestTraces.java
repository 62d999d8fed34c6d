package io.orderpipeline.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The span a request is answered in. On Spring Boot's error path the request's observation has already ended and no
 * span is current; its span is still the request's, found through the observation Spring keeps on the request.
 */
final class RequestTraces {

    private RequestTraces() {}

    /** @return the span, or {@code null} without one (tracing off, or no observation of the request) */
    static Span spanOf(HttpServletRequest request, Tracer tracer) {
        Span current = tracer == null ? null : tracer.currentSpan();
        if (current != null) {
            return current;
        }
        return ServerHttpObservationFilter.findObservationContext(request)
                .map(context -> context.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .orElse(null);
    }

    /** An unsampled span still has its trace's id; the no-op tracer's has none. */
    static String traceIdOf(Span span) {
        String traceId = span == null ? null : span.context().traceId();
        return traceId == null || traceId.isEmpty() ? null : traceId;
    }
}
