package io.orderpipeline.orders.order.web;

import io.orderpipeline.orders.order.CommandMetadata;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a handler the metadata of its command: the command id bound to the request's idempotency key (or a new one),
 * and the caller's {@code X-Correlation-Id} if it sent a usable one.
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
        if (correlationId == null || correlationId.isBlank() || correlationId.length() > MAX_CORRELATION_ID_LENGTH) {
            correlationId = commandId;
        }
        return new CommandMetadata(commandId, correlationId, commandId);
    }
}
