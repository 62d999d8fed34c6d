package io.orderpipeline.orders.idempotency;

import java.time.Duration;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /** MongoDB removes a record once its {@code expiresAt} has passed; the store checks the expiry itself too. */
    @Bean
    SmartInitializingSingleton idempotencyKeyIndexes(MongoTemplate mongo) {
        return () -> mongo.indexOps(IdempotencyStore.COLLECTION)
                .createIndex(new Index()
                        .on("expiresAt", Sort.Direction.ASC)
                        .expire(Duration.ZERO)
                        .named("expires_at"));
    }
}
