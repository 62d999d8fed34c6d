package io.orderpipeline.kafka;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventEnvelopeSerializer;
import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every service does the same way on Kafka. Producers write {@link EventEnvelope}s as JSON (and raw bytes, for
 * dead letters). A record a listener cannot handle is retried with exponential backoff, then published to {@code
 * <topic>.DLT} on the same partition with the reason in {@link DeadLetterHeaders#REASON}; the partition moves on.
 * Records that can never succeed (unreadable, invalid) skip the retries. A service without Kafka transactions gets
 * the error handler; one with them (a {@code spring.kafka.producer.transaction-id-prefix}) only the after-rollback
 * processor, which sends the dead letter in the same transaction as the consumed offset.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaRetryProperties.class)
public class PipelineKafkaAutoConfiguration {

    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaProducerFactoryCustomizer envelopeOrBytesSerializer() {
        return factory -> ((DefaultKafkaProducerFactory<Object, Object>) factory)
                .setValueSerializerSupplier(() -> new DelegatingByTypeSerializer(Map.of(
                        EventEnvelope.class, new EventEnvelopeSerializer(),
                        byte[].class, new ByteArraySerializer())));
    }

    @Bean
    ReceiveSpanNames receiveSpanNames() {
        return new ReceiveSpanNames();
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaOperations<Object, Object> kafka) {
        // Named explicitly: spring-kafka 4's default suffix is "-dlt", the contract says ".DLT".
        var recoverer = new DeadLetterPublishingRecoverer(
                kafka,
                (record, failure) ->
                        new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, record.partition()));
        recoverer.addHeadersFunction((record, failure) -> {
            var headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.REASON, reasonOf(failure).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        return recoverer;
    }

    /**
     * Only for services without Kafka transactions. In a transactional container spring-kafka would call this
     * handler inside the still open transaction: its in-memory retry of a batch would then commit the outcomes of the
     * failed attempt as well (processor-service's ExactlyOnceIT caught exactly that). There, failures roll back and
     * the after-rollback processor below retries.
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(NonTransactionalProducer.class)
    DefaultErrorHandler kafkaErrorHandler(DeadLetterPublishingRecoverer deadLetters, KafkaRetryProperties retry) {
        return new DefaultErrorHandler(deadLetters, backOff(retry));
    }

    @Bean
    @ConditionalOnMissingBean
    DefaultAfterRollbackProcessor<Object, Object> kafkaAfterRollbackProcessor(
            DeadLetterPublishingRecoverer deadLetters,
            KafkaOperations<Object, Object> kafka,
            KafkaRetryProperties retry) {
        return new DefaultAfterRollbackProcessor<>(deadLetters, backOff(retry), kafka, true);
    }

    static final class NonTransactionalProducer implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(
                    context.getEnvironment().getProperty("spring.kafka.producer.transaction-id-prefix"));
        }
    }

    private static BackOff backOff(KafkaRetryProperties retry) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), 2);
        backOff.setMaxAttempts(retry.maxAttempts());
        return backOff;
    }

    /** The contract's own explanation when there is one, else the innermost cause under the framework's wrappers. */
    static String reasonOf(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidEventException) {
                return t.getMessage();
            }
            innermost = t;
        }
        String message = innermost.getMessage();
        return message == null ? innermost.getClass().getSimpleName() : message;
    }
}
