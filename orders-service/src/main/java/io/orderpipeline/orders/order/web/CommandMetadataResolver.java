package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.web.StorableTextValidator;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a handler the metadata of its command: the command id bound to the request's idempotency key (or a new one),
 * and the caller's {@code X-Correlation-Id} if it sent one (else the command id). Every event of the command carries
 * the correlation id into the read model, so one that no store can hold is refused with 400.
 */
class CommandMetadataResolver implements HandlerMethodArgumentResolver {

    private static final int MAX_CORRELATION_ID_LENGTH = 128;

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CommandMetadata.class;
    }

    @Override
    public CommandMetadata resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        String commandId = (String) request.getAttribute(CommandRequests.COMMAND_ID, RequestAttributes.SCOPE_REQUEST);
        if (commandId == null) {
            commandId = UUID.randomUUID().toString();
            request.setAttribute(CommandRequests.COMMAND_ID, commandId, RequestAttributes.SCOPE_REQUEST);
        }
        String correlationId = request.getHeader(CommandRequests.CORRELATION_ID_HEADER);
        if (correlationId == null || correlationId.isBlank()) {
            correlationId = commandId;
        }
        String problem = StorableTextValidator.problemWith(correlationId, MAX_CORRELATION_ID_LENGTH);
        if (problem != null) {
            throw new InvalidHeaderException(CommandRequests.CORRELATION_ID_HEADER, problem);
        }
        return new CommandMetadata(commandId, correlationId, commandId);
    }
}
