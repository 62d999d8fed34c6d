package io.orderpipeline.orders.outbox;

import java.time.Instant;
import java.util.Date;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * Where the relay's publishing stands: every commit up to this point of the change stream was acknowledged by the
 * broker.
 *
 * @param resumeToken the change stream's resume token of the last acknowledged commit; null after a catch-up that
 *     has not yet been followed by one, when only the time is known
 * @param committedAt when that commit was made: a new holder that cannot resume from the token (none, or no longer
 *     in the oplog) sends every commit made since a margin before it
 */
record OutboxPosition(BsonDocument resumeToken, Instant committedAt) {

    /** The position stored in the lease document; null if there is none. */
    static OutboxPosition of(Document stored) {
        if (stored == null || stored.getDate("committedAt") == null) {
            return null;
        }
        Document token = stored.get("resumeToken", Document.class);
        return new OutboxPosition(
                token == null ? null : token.toBsonDocument(),
                stored.getDate("committedAt").toInstant());
    }

    Document toDocument() {
        return new Document("resumeToken", resumeToken).append("committedAt", Date.from(committedAt));
    }
}
