package io.orderpipeline.orders;

import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.MongoInfrastructure;
import io.orderpipeline.testing.RecordedSpans;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** orders-service booted on a random port against real Kafka and MongoDB endpoints; its finished spans recorded. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = OrdersApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + OrdersApplication.CONFIG_NAME,
            "spring.mongodb.database=orders-it",
            "orders.admin.token=" + OrdersServiceTest.ADMIN_TOKEN
        })
@Import({KafkaInfrastructure.class, MongoInfrastructure.class, RecordedSpans.class})
public @interface OrdersServiceTest {

    String ADMIN_TOKEN = "it-admin-token";
}
