package io.orderpipeline.query;

import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.KafkaRetryProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The topics this service writes: dead letters of the projections. Dead-letter publishing comes from kafka-support;
 * {@code orders.events} itself belongs to orders-service, {@code inventory.events} to processor-service.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The longest pause between two attempts at a batch the database failed. */
    private static final long MAX_RETRY_INTERVAL_MS = 5_000;

    /**
     * The projection handles every record itself (unreadable ones to the DLT, events it cannot apply parked with
     * their order), so only a database or broker that is unwell fails a batch. Such a batch is retried, with
     * backoff, until it goes through: dead-lettering valid events because PostgreSQL was away would lose them from
     * the read model. Replaces kafka-support's handler, whose retries end in the DLT.
     */
    @Bean
    DefaultErrorHandler projectionErrorHandler(DeadLetterPublishingRecoverer deadLetters, KafkaRetryProperties retry) {
        var backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), 2);
        backOff.setMaxInterval(MAX_RETRY_INTERVAL_MS);
        return new DefaultErrorHandler(deadLetters, backOff);
    }

    @Bean
    NewTopic orderEventsDeadLetterTopic(QueryProperties properties) {
        return TopicBuilder.name(Topics.ORDER_EVENTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(properties.topics().partitions())
                .build();
    }

    @Bean
    NewTopic inventoryEventsDeadLetterTopic(QueryProperties properties) {
        return TopicBuilder.name(Topics.INVENTORY_EVENTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(properties.topics().partitions())
                .build();
    }
}
