package io.orderpipeline.processor;

import io.orderpipeline.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/** The topic orders-service owns and creates; tests of the processor alone create it themselves. */
@TestConfiguration(proxyBeanMethods = false)
public class ProcessingRequestsTopic {

    @Bean
    NewTopic processingRequests() {
        return TopicBuilder.name(Topics.PROCESSING_REQUESTS).partitions(3).build();
    }
}
