package io.orderpipeline.processor;

import io.orderpipeline.events.Topics;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Topics this service writes. Retries and dead letters come from kafka-support; because this service's producer is
 * transactional, a dead letter is sent in the same Kafka transaction as the offset of the record it replaces.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic processingResultsTopic(@Value("${processor.topics.partitions:3}") int partitions) {
        return TopicBuilder.name(Topics.PROCESSING_RESULTS)
                .partitions(partitions)
                .build();
    }

    @Bean
    NewTopic orderEventsDeadLetterTopic(@Value("${processor.topics.partitions:3}") int partitions) {
        return TopicBuilder.name(Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(partitions)
                .build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
