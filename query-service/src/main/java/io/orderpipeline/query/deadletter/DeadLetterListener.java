package io.orderpipeline.query.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Reads every dead-letter topic from the beginning at each start, in a group of its own that never commits: the
 * counts are exact (read_committed skips aborted records and transaction markers, which offsets would count) and the
 * values are never decoded (a dead letter may be unreadable). A topic created later is found within seconds.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterListener {

    private final DeadLetterCounts counts;

    DeadLetterListener(DeadLetterCounts counts) {
        this.counts = counts;
    }

    @KafkaListener(
            id = "dead-letter-counts",
            groupId = "query-service-dead-letters-${random.uuid}",
            topicPattern =
                    "(orders\\.(events|processing-requests|processing-results)|inventory\\.(events|commands))\\.DLT",
            concurrency = "1",
            containerPostProcessor = "countingOnly",
            properties = {
                "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "auto.offset.reset=earliest",
                "enable.auto.commit=false",
                "isolation.level=read_committed",
                "metadata.max.age.ms=5000",
                // Counts need no batching and little latency: a dead letter is fetched as soon as it is there, and an
                // idle consumer asks twice a second instead of the projection's 33 times.
                "fetch.min.bytes=1",
                "fetch.max.wait.ms=500"
            })
    void on(ConsumerRecord<byte[], byte[]> record) {
        counts.count(record);
    }

    /**
     * Manual acknowledgement that never comes: the group is per start and stores no offsets on the broker. And no
     * receive spans: counting is bookkeeping, not a hop of an order, and every start reads each dead letter again.
     */
    @Bean
    static ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> countingOnly() {
        return container -> {
            container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
            container.getContainerProperties().setObservationEnabled(false);
        };
    }
}
