package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.kafka.KafkaMembershipAutoConfiguration.InstanceIdentity;
import io.orderpipeline.processor.inventory.Inventory;
import io.orderpipeline.processor.inventory.JsonSerde;
import io.orderpipeline.processor.inventory.StockCommand;
import io.orderpipeline.processor.inventory.StockCommandReply;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The Kafka side of the HTTP admin: a replying template for stock commands and the interactive queries of the stock
 * store. The clients start from Spring Boot's Kafka settings (connection, security) and change only what a
 * request-reply needs.
 */
@Configuration(proxyBeanMethods = false)
class StockAdminKafkaConfiguration {

    /** The template's bean name: it is injected by name only (see {@link #stockCommandTemplate}). */
    static final String TEMPLATE = "stockCommandTemplate";

    /**
     * Not a default candidate: a {@code KafkaTemplate} bean that is one would make Spring Boot's own template back off
     * and stand beside it wherever a {@code KafkaOperations} is injected.
     */
    @Bean(name = TEMPLATE, defaultCandidate = false)
    ReplyingKafkaTemplate<String, StockCommand, StockCommandReply> stockCommandTemplate(
            ProducerFactory<?, ?> bootProducers,
            ConsumerFactory<?, ?> bootConsumers,
            InstanceIdentity identity,
            StockAdminProperties properties) {
        // Not transactional: a command is decided in the topology's transaction, sending it needs none of its own.
        var producers = new DefaultKafkaProducerFactory<>(
                bootProducers.getConfigurationProperties(),
                new StringSerializer(),
                JsonSerde.of(StockCommand.class).serializer());
        var template = new ReplyingKafkaTemplate<>(producers, replies(bootConsumers, identity));
        template.setDefaultReplyTimeout(properties.replyTimeout());
        // Other instances' replies arrive here too; they are theirs, not late.
        template.setSharedReplyTopic(true);
        // A send is a producer span whose traceparent the command carries into the topology.
        template.setObservationEnabled(true);
        return template;
    }

    /**
     * Every instance reads every reply and keeps those it waits for, so each needs a group of its own; a stable one
     * where the instance has a stable id, so a restart does not leave a new group behind each time. The template
     * starts and stops it.
     */
    private static KafkaMessageListenerContainer<String, StockCommandReply> replies(
            ConsumerFactory<?, ?> bootConsumers, InstanceIdentity identity) {
        Map<String, Object> config = new HashMap<>(bootConsumers.getConfigurationProperties());
        config.keySet().removeIf(key -> key.startsWith("spring.deserializer."));
        // Replies are written in the topology's transactions: an aborted attempt's reply must never be taken.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Only replies to commands sent from now on matter.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // A reply is awaited by a client: fetch it as soon as it is there.
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        // An unreadable reply fails its own request (the template hands the error to it) instead of the consumer.
        var consumers = new DefaultKafkaConsumerFactory<>(
                config,
                new StringDeserializer(),
                new ErrorHandlingDeserializer<>(
                        JsonSerde.of(StockCommandReply.class).deserializer()));
        ContainerProperties properties = new ContainerProperties(Inventory.COMMAND_REPLIES);
        properties.setGroupId("processor-admin-replies-"
                + identity.id().orElseGet(() -> UUID.randomUUID().toString()));
        return new KafkaMessageListenerContainer<>(consumers, properties);
    }

    /** Only where this instance runs the topology: its Kafka Streams application id is set (processor-service.yml). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("spring.kafka.streams.application-id")
    static class InteractiveQueries {

        @Bean
        KafkaStreamsInteractiveQueryService stockStoreQueries(StreamsBuilderFactoryBean streams) {
            var queries = new KafkaStreamsInteractiveQueryService(streams);
            // A store moving in a rebalance: a few short tries, then the client is told to come back (503).
            queries.setRetryTemplate(new RetryTemplate(RetryPolicy.builder()
                    .maxRetries(3)
                    .delay(Duration.ofMillis(100))
                    .build()));
            return queries;
        }
    }
}
