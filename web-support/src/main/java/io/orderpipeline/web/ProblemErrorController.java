package io.orderpipeline.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Spring Boot's error path ({@code server.error.path}, {@code /error}) as a problem: what the servlet container
 * forwards there (an exception no handler resolved, a {@code sendError} of a filter or of Spring MVC, a 404 of no
 * handler) is answered {@code application/problem+json} whatever the client accepts, with fixed words per status.
 * An unexpected failure is logged with its stack trace under a reference the answer carries; the answer never holds
 * an exception's class or message.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ErrorAttributes errorAttributes;
    private final ObjectProvider<Tracer> tracer;

    public ProblemErrorController(ErrorAttributes errorAttributes, ObjectProvider<Tracer> tracer) {
        this.errorAttributes = errorAttributes;
        this.tracer = tracer;
    }

    @RequestMapping
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle(Problems.titleOf(status));
        String detail = Problems.detailOf(status);
        if (status >= 500) {
            String reference = UUID.randomUUID().toString();
            Throwable failure = errorAttributes.getError(new ServletWebRequest(request));
            // In the request's span again, so the line carries its trace id like every other of the request.
            Tracer current = tracer.getIfAvailable();
            Span span = RequestTraces.spanOf(request, current);
            try (Tracer.SpanInScope inRequest = span == null || current == null ? null : current.withSpan(span)) {
                log.error(
                        "{} {} failed with {} (reference {})",
                        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                        request.getMethod(),
                        status,
                        reference,
                        failure);
            }
            detail += " (reference " + reference + ")";
            problem.setProperty("reference", reference);
        }
        problem.setDetail(detail);
        // A preset content type skips negotiation: a client accepting only text/html still gets the problem.
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
