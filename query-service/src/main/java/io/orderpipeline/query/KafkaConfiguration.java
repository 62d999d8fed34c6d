package io.orderpipeline.query;

import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The topic this service writes: dead letters of the projection. Retries and dead-letter publishing come from
 * kafka-support; {@code orders.events} itself belongs to orders-service.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * A record the codec refuses, or an event its stream cannot have, fails the same way on every attempt: straight
     * to the dead-letter topic, without the retries kafka-support gives transient failures.
     */
    KafkaConfiguration(DefaultErrorHandler errorHandler) {
        errorHandler.addNotRetryableExceptions(InvalidEventException.class);
    }

    @Bean
    NewTopic orderEventsDeadLetterTopic(QueryProperties properties) {
        return TopicBuilder.name(Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(properties.topics().partitions())
                .build();
    }
}
