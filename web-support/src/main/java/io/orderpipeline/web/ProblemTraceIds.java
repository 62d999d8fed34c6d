package io.orderpipeline.web;

import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Every problem Spring MVC writes (a service's own handlers, Spring's, and Spring Boot's error path through {@link
 * ProblemErrorController}) carries the id of the trace the request ran in as {@code traceId}, so a client can hand
 * it over and the failed request be found in the trace UI; absent when tracing is off.
 */
@ControllerAdvice
public class ProblemTraceIds extends ProblemAnswers {

    static final String TRACE_ID = "traceId";

    private final ObjectProvider<Tracer> tracer;

    public ProblemTraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    @Override
    protected void answering(ProblemDetail problem, HttpServletRequest request) {
        String traceId = RequestTraces.traceIdOf(RequestTraces.spanOf(request, tracer.getIfAvailable()));
        if (traceId != null) {
            problem.setProperty(TRACE_ID, traceId);
        }
    }
}
