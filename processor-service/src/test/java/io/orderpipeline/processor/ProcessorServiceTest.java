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
 * processor-service booted on a random port against a real Kafka broker, shared by every IT of this module. Its catalog
 * has a product of its own for {@code InventoryIT}; the others start with plenty of stock, so the other ITs are not
 * about stock.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = ProcessorApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ProcessorApplication.CONFIG_NAME,
            "processor.rules.max-quantity=10",
            "processor.rules.products=laptop,phone,tablet," + ProcessorServiceTest.SCARCE_PRODUCT,
            "processor.inventory.initial-stock=1000000"
        })
@Import({KafkaInfrastructure.class, ProcessingRequestsTopic.class, RecordedSpans.class})
public @interface ProcessorServiceTest {

    /** The settings of the shared test instance, for tests that start a second one. */
    String[] PROPERTIES = {
        "processor.rules.max-quantity=10",
        "processor.rules.products=laptop,phone,tablet," + ProcessorServiceTest.SCARCE_PRODUCT,
        "processor.inventory.initial-stock=1000000"
    };

    /** A product only {@code InventoryIT} orders; it too starts with the initial stock until the test counts it. */
    String SCARCE_PRODUCT = "gadget";
}
