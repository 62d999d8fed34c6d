package io.orderpipeline.orders.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_keys} collection: {@code _id} is the endpoint and the key, so MongoDB's unique {@code _id}
 * decides which of two concurrent first uses claims it. Records expire after {@link IdempotencyProperties#keyTtl()}:
 * a TTL index removes them, and an expired record still present (the TTL monitor runs once a minute, and not at all
 * on some wire-compatible servers) is treated as absent.
 */
@Component
public class IdempotencyStore {

    static final String COLLECTION = "idempotency_keys";

    private final MongoTemplate mongo;
    private final IdempotencyProperties properties;
    private final Clock clock;

    IdempotencyStore(MongoTemplate mongo, IdempotencyProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Claims the key for this request, or says how an earlier use of it answers.
     *
     * @param scope the endpoint, e.g. {@code POST /orders/42/ship}: keys of different endpoints never meet
     * @param requestHash fingerprint of everything in the request that decides its effect
     */
    public Claim claim(String scope, String key, String requestHash) {
        String id = scope + " " + key;
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            Document fresh = new Document("_id", id)
                    .append("requestHash", requestHash)
                    .append("commandId", UUID.randomUUID().toString())
                    .append("createdAt", Date.from(now))
                    .append("expiresAt", Date.from(now.plus(properties.keyTtl())));
            try {
                keys().insertOne(fresh);
                return new Claim.Proceed(fresh.getString("commandId"));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document existing = keys().find(Filters.eq("_id", id)).first();
            if (existing == null) {
                continue; // removed by the TTL monitor in between: claim it afresh
            }
            Date expiresAt = existing.getDate("expiresAt");
            if (!expiresAt.toInstant().isAfter(now)) {
                // Conditional on the old expiry, so of two requests reviving an expired key only one wins.
                keys().replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq("expiresAt", expiresAt)), fresh);
                continue;
            }
            if (!requestHash.equals(existing.getString("requestHash"))) {
                return new Claim.Conflict();
            }
            Document response = existing.get("response", Document.class);
            if (response == null) {
                return new Claim.Proceed(existing.getString("commandId"));
            }
            return new Claim.Replay(toResponse(response));
        }
        throw new IllegalStateException("could not claim idempotency key " + id + " after 3 attempts");
    }

    /** Records the answer, so retries replay it rather than running the command again. */
    public void complete(String scope, String key, String requestHash, StoredResponse response) {
        Document headers = new Document();
        response.headers().forEach(headers::append);
        keys().updateOne(
                        Filters.and(Filters.eq("_id", scope + " " + key), Filters.eq("requestHash", requestHash)),
                        Updates.set(
                                "response",
                                new Document("status", response.status())
                                        .append("headers", headers)
                                        .append("body", response.body())));
    }

    private static StoredResponse toResponse(Document response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.get("headers", Document.class).forEach((name, value) -> headers.put(name, (String) value));
        return new StoredResponse(response.getInteger("status"), headers, response.getString("body"));
    }

    private MongoCollection<Document> keys() {
        return mongo.getCollection(COLLECTION);
    }
}
