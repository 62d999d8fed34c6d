package io.orderpipeline.processor;

import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.RecordedSpans;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * processor-service booted on a random port against a real Kafka broker, shared by every IT of this module. It runs
 * with {@link #PROPERTIES}: simulated crashes are on, so every IT also exercises the rollback-and-retry path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = ProcessorApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ProcessorApplication.CONFIG_NAME,
            "processor.rules.max-quantity=10",
            "processor.faults.crash-rate=0.2"
        })
@Import({KafkaInfrastructure.class, ProcessingRequestsTopic.class, RecordedSpans.class})
public @interface ProcessorServiceTest {

    /** The settings of the shared test instance, for tests that start a second one. */
    String[] PROPERTIES = {"processor.rules.max-quantity=10", "processor.faults.crash-rate=0.2"};
}
