package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.commandlog.CommandLog;
import io.orderpipeline.orders.commandlog.CommandLogEntry;
import io.orderpipeline.orders.commandlog.CommandLogEntry.Outcome;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.web.ProblemAnswers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Logs every command request that is refused or fails, whichever layer refused it (body limit, headers, validation,
 * the order itself), with the status and words of the problem answer it gets: every such answer is written through
 * here, as the filters answer their refusals through the same problem handlers as the controller.
 */
@ControllerAdvice
class RefusedCommandLog extends ProblemAnswers {

    private final CommandLog commandLog;
    private final Clock clock;

    RefusedCommandLog(CommandLog commandLog, Clock clock) {
        this.commandLog = commandLog;
        this.clock = clock;
    }

    @Override
    protected void answering(ProblemDetail problem, HttpServletRequest request) {
        if (isCommand(request)) {
            commandLog.record(entryOf(request, problem));
        }
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
