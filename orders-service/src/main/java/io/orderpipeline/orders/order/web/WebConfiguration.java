package io.orderpipeline.orders.order.web;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.time.Clock;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP side of the command pipeline: the body limit before anything is parsed, and each command's metadata (key,
 * fingerprint, correlation) for the handler. Refusals are answered by the same problem handlers wherever they happen
 * ({@link OrderProblems}) and logged there ({@link RefusedCommandLog}).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private static final String[] COMMAND_PATHS = {"/orders", "/orders/*"};

    private final Clock clock;

    WebConfiguration(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CommandMetadataResolver(clock));
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            WebProperties properties, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        return registration(new RequestBodyLimitFilter(properties.maxBodySize(), problems), 0);
    }

    /** Documents the headers every command accepts but no handler method declares. */
    @Bean
    OperationCustomizer commandHeaders() {
        return (operation, handlerMethod) -> {
            if (handlerMethod.hasMethodAnnotation(PostMapping.class)) {
                operation.addParametersItem(new HeaderParameter()
                        .name(CommandRequests.IDEMPOTENCY_KEY_HEADER)
                        .description("Retries with the same key and request get the original answer and have no"
                                + " further effect; the same key with another request gets 422. Scoped to the"
                                + " endpoint, remembered as long as the order. A refused request is not remembered:"
                                + " its retry is decided afresh.")
                        .schema(new StringSchema().maxLength(255)));
                operation.addParametersItem(new HeaderParameter()
                        .name(CommandRequests.CORRELATION_ID_HEADER)
                        .description("Carried by every event the command causes; defaults to the command id.")
                        .schema(new StringSchema().maxLength(128)));
            }
            return operation;
        };
    }

    /** Near the end of the chain: after Spring's own filters (encoding, observation), before the servlet. */
    private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(F filter, int position) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(COMMAND_PATHS);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100 + position);
        return registration;
    }
}
