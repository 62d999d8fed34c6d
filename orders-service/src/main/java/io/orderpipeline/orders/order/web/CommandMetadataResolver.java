package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.web.StorableTextValidator;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a handler the metadata of its command: the command id bound to the request's idempotency key (or a new one),
 * the request's fingerprint when keyed, and the caller's {@code X-Correlation-Id} if it sent one (else the command
 * id). Every event of the command carries the correlation id into the read model, so one that no store can hold is
 * refused with 400, as is an unusable key.
 */
class CommandMetadataResolver implements HandlerMethodArgumentResolver {

    private static final int MAX_CORRELATION_ID_LENGTH = 128;

    private final Clock clock;

    CommandMetadataResolver(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CommandMetadata.class;
    }

    @Override
    public CommandMetadata resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String key = CommandRequests.idempotencyKeyOf(request);
        String commandId = key == null ? UUID.randomUUID().toString() : CommandRequests.commandIdOf(request, key);
        String correlationId = request.getHeader(CommandRequests.CORRELATION_ID_HEADER);
        if (correlationId == null || correlationId.isBlank()) {
            correlationId = commandId;
        }
        String problem = StorableTextValidator.problemWith(correlationId, MAX_CORRELATION_ID_LENGTH);
        if (problem != null) {
            throw new InvalidHeaderException(CommandRequests.CORRELATION_ID_HEADER, problem);
        }
        return new CommandMetadata(
                commandId,
                correlationId,
                commandId,
                CommandMetadata.HTTP,
                key,
                key == null ? null : fingerprintOf(request),
                clock.instant());
    }

    /** Everything in the request that decides its effect: path, content type, {@code If-Match} and body bytes. */
    private static String fingerprintOf(HttpServletRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {
                request.getRequestURI(), request.getContentType(), request.getHeader(ExpectedVersion.HEADER)
            }) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update(RequestBodyLimitFilter.bodyOf(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
