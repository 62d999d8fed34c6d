package io.orderpipeline.processor;

import io.orderpipeline.events.Topics;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Topics this service writes. Retries and dead letters come from kafka-support; because this service's producer is
 * transactional, a failure rolls the Kafka transaction back and a dead letter is sent in the same transaction as the
 * offset of the record it replaces.
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
    NewTopic processingRequestsDeadLetterTopic(ProcessorSettings settings) {
        return TopicBuilder.name(Topics.PROCESSING_REQUESTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(settings.topics().partitions())
                .build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
