package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.commandlog.CommandLog;
import io.orderpipeline.orders.commandlog.CommandLogEntry;
import io.orderpipeline.orders.commandlog.CommandLogEntry.Outcome;
import io.orderpipeline.orders.order.CommandMetadata;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
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
 * Logs every command request that is refused or fails, whichever layer refused it (body limit, headers, validation,
 * the order itself), with the status and words of the problem answer it gets: every such answer is written through
 * here, as the filters answer their refusals through the same problem handlers as the controller.
 */
@ControllerAdvice
class RefusedCommandLog implements ResponseBodyAdvice<Object> {

    private final CommandLog commandLog;
    private final Clock clock;

    RefusedCommandLog(CommandLog commandLog, Clock clock) {
        this.commandLog = commandLog;
        this.clock = clock;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem
                && request instanceof ServletServerHttpRequest servlet
                && isCommand(servlet.getServletRequest())) {
            commandLog.record(entryOf(servlet.getServletRequest(), problem));
        }
        return body;
    }

    private static boolean isCommand(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getRequestURI().startsWith("/orders");
    }

    /** Refused before it was handled, the request is logged when refused, with the command id a key binds it to. */
    private CommandLogEntry entryOf(HttpServletRequest request, ProblemDetail problem) {
        String key = request.getHeader(CommandRequests.IDEMPOTENCY_KEY_HEADER);
        String commandId = null;
        try {
            key = CommandRequests.idempotencyKeyOf(request);
            commandId = key == null ? null : CommandRequests.commandIdOf(request, key);
        } catch (InvalidHeaderException unusableKey) {
            // Logged as sent: the refusal names it.
        }
        String command = CommandRequests.commandOf(request);
        return new CommandLogEntry(
                clock.instant(),
                CommandMetadata.HTTP,
                command,
                "create".equals(command) ? commandId : CommandRequests.orderIdOf(request),
                commandId,
                key,
                problem.getStatus() >= 500 ? Outcome.FAILED : Outcome.REFUSED,
                problem.getStatus(),
                null,
                problem.getDetail(),
                null);
    }
}
