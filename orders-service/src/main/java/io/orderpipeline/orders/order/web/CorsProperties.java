package io.orderpipeline.orders.order.web;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which browser pages may call the commands and {@code GET /outbox} from another origin (the live page served by
 * query-service).
 *
 * @param allowedOrigins origins or origin patterns such as {@code http://localhost:[*]} ({@code
 *     ORDERS_WEB_CORS_ALLOWED_ORIGINS}, comma-separated)
 */
@Validated
@ConfigurationProperties("orders.web.cors")
record CorsProperties(
        @DefaultValue({"http://localhost:8082", "http://127.0.0.1:8082"}) @NotNull
        List<String> allowedOrigins) {}
