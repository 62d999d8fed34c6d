package io.orderpipeline.query;

import io.orderpipeline.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topic this service writes: dead letters of the projection. Retries and dead-letter publishing come from
 * kafka-support; {@code orders.events} itself belongs to orders-service.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic orderEventsDeadLetterTopic(QueryProperties properties) {
        return TopicBuilder.name(Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(properties.topics().partitions())
                .build();
    }
}
