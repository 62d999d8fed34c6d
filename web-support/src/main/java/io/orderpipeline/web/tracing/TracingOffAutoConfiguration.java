package io.orderpipeline.web.tracing;

import brave.sampler.Sampler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Tracing switched off ({@code management.tracing.export.enabled=false}) costs nothing. Boot then only stops export
 * and propagation; Brave would still create, sample and time a span per observation. The no-op tracer makes every
 * span the shared no-op instance, writes no {@code traceparent}, and puts no trace id in the logs.
 */
@AutoConfiguration(before = {BraveAutoConfiguration.class, MicrometerTracingAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "management.tracing.export.enabled", havingValue = false)
public class TracingOffAutoConfiguration {

    @Bean
    Tracer noopTracer() {
        return Tracer.NOOP;
    }

    @Bean
    Propagator noopPropagator() {
        return Propagator.NOOP;
    }

    // For anything that uses Brave directly.
    @Bean
    Sampler neverSample() {
        return Sampler.NEVER_SAMPLE;
    }
}
