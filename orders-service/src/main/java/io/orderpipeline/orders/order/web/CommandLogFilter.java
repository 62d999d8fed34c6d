package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.commandlog.CommandLog;
import io.orderpipeline.orders.commandlog.CommandLogEntry;
import io.orderpipeline.orders.commandlog.CommandLogEntry.Outcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logs every command request, whatever becomes of it (accepted, refused at any layer, replayed, failed), before its
 * answer leaves: the outermost of the command filters, so it also sees refusals of the body limit and the
 * idempotency check. What it logs comes from the answer itself: the order's id and version, or the problem's detail.
 */
class CommandLogFilter extends OncePerRequestFilter {

    private static final JsonMapper ANSWER_READER = JsonMapper.builder().build();

    private final CommandLog commandLog;
    private final Clock clock;

    CommandLogFilter(CommandLog commandLog, Clock clock) {
        this.commandLog = commandLog;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Instant receivedAt = clock.instant();
        long started = System.nanoTime();
        var answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, answer);
        } finally {
            commandLog.record(entryOf(request, answer, receivedAt, Duration.ofNanos(System.nanoTime() - started)));
            answer.copyBodyToResponse();
        }
    }

    private static CommandLogEntry entryOf(
            HttpServletRequest request, ContentCachingResponseWrapper answer, Instant receivedAt, Duration took) {
        // /orders -> create; /orders/{id}/{command}
        String[] path = request.getRequestURI().replaceFirst("^/+", "").split("/");
        String command = path.length >= 3 ? path[2] : path.length == 2 ? "unknown" : "create";
        String orderId = path.length >= 2 ? path[1] : null;
        int status = answer.getStatus();
        JsonNode body = bodyOf(answer);
        Outcome outcome;
        Long version = null;
        String reason = null;
        boolean replayed = "true".equals(answer.getHeader(IdempotencyFilter.REPLAYED_HEADER));
        if (status < 300) {
            outcome = replayed ? Outcome.REPLAYED : Outcome.ACCEPTED;
            if (body.hasNonNull("orderId")) {
                orderId = body.get("orderId").asString();
            }
            version = body.hasNonNull("version") ? body.get("version").asLong() : null;
        } else {
            outcome = replayed ? Outcome.REPLAYED : status >= 500 ? Outcome.FAILED : Outcome.REFUSED;
            reason = body.hasNonNull("detail") ? body.get("detail").asString() : "HTTP " + status;
        }
        return new CommandLogEntry(
                receivedAt,
                "http",
                command,
                orderId,
                (String) request.getAttribute(CommandRequests.COMMAND_ID),
                request.getHeader(CommandRequests.IDEMPOTENCY_KEY_HEADER),
                outcome,
                status,
                version,
                reason,
                took);
    }

    private static JsonNode bodyOf(ContentCachingResponseWrapper answer) {
        byte[] content = answer.getContentAsByteArray();
        if (content.length == 0) {
            return ANSWER_READER.createObjectNode();
        }
        try {
            JsonNode node = ANSWER_READER.readTree(content);
            return node != null && node.isObject() ? node : ANSWER_READER.createObjectNode();
        } catch (JacksonException notJson) {
            // Answers of this API are JSON; anything else (a servlet container page) is logged by status alone.
            return ANSWER_READER.createObjectNode();
        }
    }
}
