package io.orderpipeline.query;

import io.orderpipeline.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/** inventory.events as the test declares it (kept forever, three partitions); processor-service owns it in production. */
@TestConfiguration(proxyBeanMethods = false)
public class InventoryEventsTopic {

    public static final int PARTITIONS = 3;

    @Bean
    NewTopic inventoryEvents() {
        return TopicBuilder.name(Topics.INVENTORY_EVENTS)
                .partitions(PARTITIONS)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }
}
