package io.orderpipeline.orders.commandlog;

import io.orderpipeline.orders.AfterStartup;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

@Configuration(proxyBeanMethods = false)
class CommandLogConfiguration {

    /**
     * The questions people ask the log: what happened to this order, to this command. Created after the start:
     * nothing the service does depends on them.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> commandLogIndexes(MongoTemplate mongo) {
        return AfterStartup.run("command-log-indexes", () -> {
            var indexes = mongo.indexOps(CommandLog.COLLECTION);
            indexes.createIndex(new Index()
                    .on("orderId", Sort.Direction.ASC)
                    .on("receivedAt", Sort.Direction.ASC)
                    .named("order_received"));
            indexes.createIndex(new Index().on("commandId", Sort.Direction.ASC).named("command_id"));
        });
    }
}
