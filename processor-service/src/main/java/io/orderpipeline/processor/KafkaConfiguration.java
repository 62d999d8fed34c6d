package io.orderpipeline.processor;

import io.orderpipeline.events.Topics;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Topics this service writes, and how its listener container fails. Retries and dead letters come from
 * kafka-support; because this service's producer is transactional, a dead letter is sent in the same Kafka
 * transaction as the offset of the record it replaces.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic processingResultsTopic(ProcessorSettings settings) {
        return TopicBuilder.name(Topics.PROCESSING_RESULTS)
                .partitions(settings.topics().partitions())
                .build();
    }

    @Bean
    NewTopic orderEventsDeadLetterTopic(ProcessorSettings settings) {
        return TopicBuilder.name(Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(settings.topics().partitions())
                .build();
    }

    /**
     * Lets a listener failure roll the Kafka transaction back. Otherwise spring-kafka hands the failure of a batch
     * listener to the common error handler (kafka-support's {@code DefaultErrorHandler}) inside the still open
     * transaction; that handler retries the batch in memory, and on success the transaction commits the outcomes of
     * the failed attempt as well: doubled outcomes. Without it, the after-rollback processor retries with backoff.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
            rollBackOnListenerFailure() {
        return container -> container.setCommonErrorHandler(null);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
