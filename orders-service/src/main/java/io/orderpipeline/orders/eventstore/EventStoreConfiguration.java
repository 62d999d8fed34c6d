package io.orderpipeline.orders.eventstore;

import io.orderpipeline.orders.AfterStartup;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.PartialIndexFilter;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * The indexes the event store's guarantees rest on, created before the service takes a command (creating an existing
 * index is a no-op), and the outbox's, created once it is ready.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    private static final String PREVIOUS_UNPUBLISHED_INDEX = "unpublished";

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
     * The outbox's index, created after the start: it makes the relay's sweep and count cheap, nothing depends on
     * it for correctness.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> outboxIndexes(MongoTemplate mongo) {
        return AfterStartup.run("outbox-indexes", () -> {
            var indexes = mongo.indexOps(EventStore.COMMITS);
            // The outbox: only unpublished commits are indexed, so the index stays as small as the backlog; its keys
            // are the sweep's order (each order's commits by version).
            indexes.createIndex(new Index()
                    .on("orderId", Sort.Direction.ASC)
                    .on("fromVersion", Sort.Direction.ASC)
                    .partial(PartialIndexFilter.of(Criteria.where("published").is(false)))
                    .named(EventStore.UNPUBLISHED_INDEX));
            // The index of the same role keyed by _id, which a store created before may still hold.
            if (indexes.getIndexInfo().stream().anyMatch(index -> PREVIOUS_UNPUBLISHED_INDEX.equals(index.getName()))) {
                indexes.dropIndex(PREVIOUS_UNPUBLISHED_INDEX);
            }
        });
    }
}
