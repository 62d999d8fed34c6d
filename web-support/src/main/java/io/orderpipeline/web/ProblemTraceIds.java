package io.orderpipeline.web;

import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem Spring MVC writes (a service's own handlers, Spring's, and Spring Boot's error path through {@link
 * ProblemErrorController}) carries the id of the trace the request ran in as {@code traceId}, so a client can hand
 * it over and the failed request be found in the trace UI; absent when tracing is off.
 */
@ControllerAdvice
public class ProblemTraceIds implements ResponseBodyAdvice<Object> {

    static final String TRACE_ID = "traceId";

    private final ObjectProvider<Tracer> tracer;

    public ProblemTraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            String traceId = traceIdOf(request);
            if (traceId != null) {
                problem.setProperty(TRACE_ID, traceId);
            }
        }
        return body;
    }

    private String traceIdOf(ServerHttpRequest request) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            return null;
        }
        return RequestTraces.traceIdOf(RequestTraces.spanOf(servlet.getServletRequest(), tracer.getIfAvailable()));
    }
}
