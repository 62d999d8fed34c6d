package io.orderpipeline.kafka;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Every Kafka template and listener container is observed, below every other source so a service may still say
 * otherwise: a send is a producer span that writes the W3C {@code traceparent} into the record's headers, and a
 * record listener continues the trace the record carries. Batch listeners open their per-record spans themselves.
 */
public class KafkaObservationDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "orderPipelineKafkaObservationDefaults",
                        Map.of(
                                "spring.kafka.template.observation-enabled", "true",
                                "spring.kafka.listener.observation-enabled", "true")));
    }
}
