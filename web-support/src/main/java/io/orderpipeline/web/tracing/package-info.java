/**
 * Tracing every service shares: Micrometer Tracing on Brave with W3C {@code traceparent}, every span sampled, spans
 * sent to Zipkin only where an endpoint is configured, and one switch that turns tracing off at no cost.
 */
package io.orderpipeline.web.tracing;
