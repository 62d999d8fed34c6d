package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.processor.inventory.Inventory;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/** The topics the processor's topology creates; the admin's tests run without it and create them themselves. */
@TestConfiguration(proxyBeanMethods = false)
class InventoryTopics {

    @Bean
    NewTopic inventoryCommands() {
        return TopicBuilder.name(Inventory.COMMANDS).partitions(3).build();
    }

    @Bean
    NewTopic inventoryCommandReplies() {
        return TopicBuilder.name(Inventory.COMMAND_REPLIES).partitions(3).build();
    }
}
