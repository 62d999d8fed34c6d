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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP side of the command pipeline: CORS for the live page, the body limit before anything is parsed, and each
 * command's metadata (key, fingerprint, correlation) for the handler. Refusals are answered by the same problem
 * handlers wherever they happen ({@link OrderProblems}) and logged there ({@link RefusedCommandLog}).
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

    /**
     * A filter rather than MVC's CORS mappings, ahead of the body limit: every answer to an allowed origin, the 413
     * refused before MVC and the problems of the controller advice included, is readable by the page.
     */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.allowedOrigins());
        cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.OPTIONS.name()));
        cors.setAllowedHeaders(
                List.of(HttpHeaders.CONTENT_TYPE, CommandRequests.IDEMPOTENCY_KEY_HEADER, HttpHeaders.IF_MATCH));
        cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER));
        UrlBasedCorsConfigurationSource paths = new UrlBasedCorsConfigurationSource();
        paths.registerCorsConfiguration("/orders/**", cors);
        paths.registerCorsConfiguration("/outbox", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(paths));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 101);
        return registration;
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
