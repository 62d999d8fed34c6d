package io.orderpipeline.orders.order.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBodySize requests with a larger body are refused with 413 before parsing ({@code
 *     ORDERS_HTTP_MAX_BODY_SIZE})
 */
@Validated
@ConfigurationProperties("orders.http")
record WebProperties(@DefaultValue("16KB") DataSize maxBodySize) {}
