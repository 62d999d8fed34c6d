package io.orderpipeline.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A step every {@code application/problem+json} answer Spring MVC writes passes through on its way out, with the
 * request it answers: a service's handlers, Spring's own, and Spring Boot's error path alike. Subclasses are
 * {@code @ControllerAdvice}s.
 */
public abstract class ProblemAnswers implements ResponseBodyAdvice<Object> {

    @Override
    public final boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public final Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet) {
            answering(problem, servlet.getServletRequest());
        }
        return body;
    }

    /** Called for each problem answer before it is written; it may add properties to it. */
    protected abstract void answering(ProblemDetail problem, HttpServletRequest request);
}
