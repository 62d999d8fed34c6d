package io.orderpipeline.orders.eventstore;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Replaces Boot's MongoDB health indicator (same bean name), which asks {@code hello}: {@code ping} is MongoDB's own
 * liveness command and is also answered by wire-compatible servers such as the local stack's.
 */
@Component("mongoHealthIndicator")
class EventStoreHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    EventStoreHealthIndicator(MongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName()).withDetail("ping", answer.get("ok"));
    }
}
