package io.orderpipeline.orders;

import io.orderpipeline.events.Topics;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics this service owns and the clock its events are stamped with. */
@Configuration(proxyBeanMethods = false)
class OrdersConfiguration {

    /** The log of record: kept forever, so the read model can always be rebuilt from offset zero. */
    @Bean
    NewTopic orderEventsTopic(@Value("${orders.topics.partitions:3}") int partitions) {
        return TopicBuilder.name(Topics.ORDER_EVENTS)
                .partitions(partitions)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }

    /** What the processor acts on, beside the log of record: a work queue, kept for the broker's default time. */
    @Bean
    NewTopic processingRequestsTopic(@Value("${orders.topics.partitions:3}") int partitions) {
        return TopicBuilder.name(Topics.PROCESSING_REQUESTS)
                .partitions(partitions)
                .build();
    }

    /**
     * Owned by processor-service, declared here too (same partitions) so this service's listener finds it whichever
     * service starts first; declaring an existing topic changes nothing.
     */
    @Bean
    NewTopic processingResultsTopic(@Value("${orders.topics.partitions:3}") int partitions) {
        return TopicBuilder.name(Topics.PROCESSING_RESULTS)
                .partitions(partitions)
                .build();
    }

    @Bean
    NewTopic processingResultsDeadLetterTopic(@Value("${orders.topics.partitions:3}") int partitions) {
        return TopicBuilder.name(Topics.PROCESSING_RESULTS + Topics.DEAD_LETTER_SUFFIX)
                .partitions(partitions)
                .build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
