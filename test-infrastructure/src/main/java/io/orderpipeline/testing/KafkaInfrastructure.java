package io.orderpipeline.testing;

import java.util.List;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.kafka.KafkaContainer;

/** Import into a test to connect its Kafka clients to a real broker: a container, or Kafka's KRaft broker in-process. */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaInfrastructure {

    public static final String IMAGE = "apache/kafka:4.2.1";

    /** Below the broker's default of 6 s: the services fail over with 2 s consumer sessions. */
    static final String MIN_SESSION_TIMEOUT_MS = "2000";

    /**
     * How often the broker aborts timed-out transactions (default 10 s): a dead producer's open transaction holds back
     * every read_committed reader of the partitions it wrote to, so its 2 s timeout must count, not the check's period.
     */
    static final String TRANSACTION_CLEANUP_INTERVAL_MS = "250";

    @Configuration(proxyBeanMethods = false)
    @Conditional(Docker.Available.class)
    static class Container {
        private static final KafkaContainer KAFKA = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", MIN_SESSION_TIMEOUT_MS)
                .withEnv(
                        "KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS",
                        TRANSACTION_CLEANUP_INTERVAL_MS);

        @Bean
        @ServiceConnection
        KafkaContainer kafkaContainer() {
            return KAFKA;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Docker.Unavailable.class)
    static class InProcess {
        @Bean
        KafkaConnectionDetails kafkaConnectionDetails() {
            return () -> List.of(InProcessServers.kafkaBootstrapServers());
        }
    }
}
