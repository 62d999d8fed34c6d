package io.orderpipeline.orders.idempotency;

import io.orderpipeline.orders.AfterStartup;
import java.time.Duration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /**
     * MongoDB removes a record once its {@code expiresAt} has passed. Created after the start: the store checks the
     * expiry itself too, the index only keeps the collection small.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> idempotencyKeyIndexes(MongoTemplate mongo) {
        return AfterStartup.run(
                "idempotency-key-indexes",
                () -> mongo.indexOps(IdempotencyStore.COLLECTION)
                        .createIndex(new Index()
                                .on("expiresAt", Sort.Direction.ASC)
                                .expire(Duration.ZERO)
                                .named("expires_at")));
    }
}
