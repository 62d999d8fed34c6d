package io.orderpipeline.orders.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param token the bearer token the {@code /admin} endpoints require; empty (the default) turns them off ({@code
 *     ORDERS_ADMIN_TOKEN})
 */
@ConfigurationProperties("orders.admin")
public record AdminProperties(@DefaultValue("") String token) {}
