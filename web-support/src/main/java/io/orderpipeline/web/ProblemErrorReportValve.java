package io.orderpipeline.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.ExceptionUtils;

/**
 * Tomcat's error report as a problem instead of its HTML page. It answers what Tomcat refuses before any servlet
 * sees the request (an encoded slash, backslash or NUL in the path, bad percent-encoding, a malformed request line
 * or header) and what reaches no error page; the same guards as {@link ErrorReportValve#report}: only an error
 * nobody has written a body for. Fixed words per status, never the exception or the server's name.
 *
 * <p>Its problems carry a {@code traceId} too: the request's own where Spring observed it, else a span of its own
 * (a request Tomcat refused reached no filter, so no span had begun; it continues the client's {@code traceparent}
 * where the headers could be read), so the refusal can be found in the trace UI.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private final Tracer tracer;
    private final Propagator propagator;

    /** Without tracing: Tomcat instantiates a Host's error valve by its class name where none was added. */
    public ProblemErrorReportValve() {
        this(null, null);
    }

    public ProblemErrorReportValve(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.json(status, traceIdOf(request, status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is no longer writable: nothing left to tell it.
        } catch (Throwable t) {
            ExceptionUtils.handleThrowable(t);
        }
    }

    private String traceIdOf(Request request, int status) {
        Span span = RequestTraces.spanOf(request.getRequest(), tracer);
        if (span == null && tracer != null && propagator != null) {
            span = propagator
                    .extract(request, Request::getHeader)
                    .name("http " + String.valueOf(request.getMethod()).toLowerCase(Locale.ROOT))
                    .kind(Span.Kind.SERVER)
                    .tag("http.status_code", String.valueOf(status))
                    .tag("error", Problems.detailOf(status))
                    .start();
            span.end();
        }
        return RequestTraces.traceIdOf(span);
    }
}
