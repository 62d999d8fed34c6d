package io.orderpipeline.orders.eventstore;

import io.orderpipeline.orders.AfterStartup;
import java.util.Set;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/**
 * The indexes the event store's guarantees rest on, created before the service takes a command (creating an existing
 * index is a no-op).
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    private static final Set<String> FORMER_OUTBOX_INDEXES = Set.of("unpublished_by_order", "unpublished");

    @Bean
    SmartInitializingSingleton eventStoreIndexes(MongoTemplate mongo) {
        return () -> {
            var indexes = mongo.indexOps(EventStore.COMMITS);
            // Optimistic concurrency: one commit per (order, first version).
            indexes.createIndex(new Index()
                    .on("orderId", Sort.Direction.ASC)
                    .on("fromVersion", Sort.Direction.ASC)
                    .unique()
                    .named(EventStore.ORDER_VERSION_INDEX));
            // Idempotency: a command is committed at most once.
            indexes.createIndex(
                    new Index().on("commandId", Sort.Direction.ASC).unique().named(EventStore.COMMAND_INDEX));
        };
    }

    /**
     * Drops the indexes that fed the outbox when it flagged commits published, which a store created before may still
     * hold: each costs every insert an index entry, and the relay now reads a change stream.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> formerOutboxIndexes(MongoTemplate mongo) {
        return AfterStartup.run("former-outbox-indexes", () -> {
            var indexes = mongo.indexOps(EventStore.COMMITS);
            indexes.getIndexInfo().stream()
                    .filter(index -> FORMER_OUTBOX_INDEXES.contains(index.getName()))
                    .forEach(index -> indexes.dropIndex(index.getName()));
        });
    }
}
