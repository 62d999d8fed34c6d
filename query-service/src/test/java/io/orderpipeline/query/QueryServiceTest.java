package io.orderpipeline.query;

import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.PostgresInfrastructure;
import io.orderpipeline.testing.RecordedSpans;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * query-service booted on a random port against real Kafka and PostgreSQL. Every IT uses exactly these settings,
 * so they all share one cached context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + QueryApplication.CONFIG_NAME,
            "query.admin.token=" + QueryServiceTest.ADMIN_TOKEN,
            "query.projection.sweep-interval=500ms",
            "pipeline.kafka.retry.initial-interval=50ms",
            "query.page.max-streams=3",
            "query.page.heartbeat-interval=1s",
            "query.page.trace-url=http://localhost:9411/zipkin/traces/{traceId}"
        })
@Import({
    KafkaInfrastructure.class,
    PostgresInfrastructure.class,
    OrderEventsTopic.class,
    InventoryEventsTopic.class,
    RecordedSpans.class
})
public @interface QueryServiceTest {

    String ADMIN_TOKEN = "test-admin-token";
}
