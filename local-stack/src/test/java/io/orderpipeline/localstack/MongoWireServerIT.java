package io.orderpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's MongoDB server on a real file, through the MongoDB driver: the event store's unique indexes
 * refuse duplicates and find documents (a whole stream by its first key too), before and after a restart; change streams follow inserts; a file written in
 * the plain H2 backend's index order is refused, not searched wrongly.
 */
class MongoWireServerIT {

    // Enough for B-trees several pages deep.
    private static final int COMMITS = 3_000;

    @TempDir
    Path data;

    @Test
    void uniqueIndexesRefuseDuplicatesAndFindDocumentsAcrossARestart() throws Exception {
        int port = freePort();
        try (MongoWireServer server = MongoWireServer.start(data, port);
                MongoClient client = client(port)) {
            MongoCollection<Document> commits = commits(client);
            commits.createIndex(Indexes.ascending("orderId", "fromVersion"), new IndexOptions().unique(true));
            commits.createIndex(Indexes.ascending("commandId"), new IndexOptions().unique(true));
            List<Document> all = new ArrayList<>();
            for (int i = 0; i < COMMITS; i++) {
                all.add(commit(i));
            }
            commits.insertMany(all);

            assertUniqueIndexesHold(commits);
        }

        int again = freePort();
        try (MongoWireServer server = MongoWireServer.start(data, again);
                MongoClient client = client(again)) {
            assertUniqueIndexesHold(commits(client));
        }
    }

    /**
     * The outbox's change stream: inserts into its collection in insert order (not another collection's), resumed
     * after a token of one of them; a token from before a restart is history the server no longer holds.
     */
    @Test
    void changeStreamsReadInsertsInOrderAndResumeAfterATokenButNotFromBeforeARestart() throws Exception {
        int port = freePort();
        BsonDocument afterFirst;
        try (MongoWireServer server = MongoWireServer.start(data, port);
                MongoClient client = client(port)) {
            MongoCollection<Document> commits = commits(client);
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream =
                    commits.watch().cursor()) {
                commits.insertOne(commit(0));
                client.getDatabase("orders").getCollection("commands").insertOne(new Document("command", 1));
                commits.insertMany(List.of(commit(1), commit(2)));

                List<ChangeStreamDocument<Document>> changes = read(stream, 3);
                assertThat(changes)
                        .extracting(change -> change.getFullDocument().getString("commandId"))
                        .containsExactly("command-0", "command-1", "command-2");
                afterFirst = changes.getFirst().getResumeToken();
            }
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> resumed =
                    commits.watch().resumeAfter(afterFirst).cursor()) {
                assertThat(read(resumed, 2))
                        .extracting(change -> change.getFullDocument().getString("commandId"))
                        .containsExactly("command-1", "command-2");
            }
        }

        int again = freePort();
        try (MongoWireServer server = MongoWireServer.start(data, again);
                MongoClient client = client(again)) {
            assertThatThrownBy(() ->
                            commits(client).watch().resumeAfter(afterFirst).cursor())
                    .isInstanceOfSatisfying(
                            MongoCommandException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(286));
        }
    }

    private static List<ChangeStreamDocument<Document>> read(
            MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream, int count) {
        List<ChangeStreamDocument<Document>> changes = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ChangeStreamDocument<Document> change = stream.tryNext(); change != null; change = stream.tryNext()) {
                changes.add(change);
            }
            return changes.size() >= count;
        });
        return changes;
    }

    @Test
    void refusesAFileWrittenInThePlainBackendsIndexOrderAndLeavesItReadable() throws Exception {
        String file = data.resolve("mongo.mv").toString();
        MongoServer plain = new MongoServer(new H2Backend(file));
        try (MongoClient client = MongoClients.create(plain.bindAndGetConnectionString())) {
            commits(client).insertOne(commit(0));
        } finally {
            plain.shutdown();
        }

        assertThatThrownBy(() -> MongoWireServer.start(data, freePort()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("MongoDB data in " + data + " was written by an older run-local")
                .hasMessageContaining("start once with --wipe");

        MongoServer reopened = new MongoServer(new H2Backend(file));
        try (MongoClient client = MongoClients.create(reopened.bindAndGetConnectionString())) {
            assertThat(commits(client)
                            .find(Filters.eq("commandId", "command-0"))
                            .first())
                    .as("the refused file still holds its data")
                    .isNotNull();
        } finally {
            reopened.shutdown();
        }
    }

    private static void assertUniqueIndexesHold(MongoCollection<Document> commits) {
        for (int i = 0; i < COMMITS; i += 37) {
            Document commit = commit(i);
            assertThat(commits.find(Filters.and(
                                    Filters.eq("orderId", commit.get("orderId")),
                                    Filters.eq("fromVersion", commit.get("fromVersion"))))
                            .first())
                    .as("found by (orderId, fromVersion): %s", commit)
                    .isNotNull()
                    .extracting(found -> found.get("commandId"))
                    .isEqualTo(commit.get("commandId"));
            assertThat(commits.find(Filters.eq("commandId", commit.get("commandId")))
                            .first())
                    .as("found by commandId: %s", commit)
                    .isNotNull()
                    .extracting(found -> found.get("orderId"))
                    .isEqualTo(commit.get("orderId"));

            // One order's stream, as the event store loads it: the first key of the compound index alone.
            assertThat(commits.find(Filters.eq("orderId", commit.get("orderId")))
                            .sort(Indexes.ascending("fromVersion"))
                            .map(found -> found.getLong("fromVersion"))
                            .into(new ArrayList<>()))
                    .as("the stream of %s (not order-1's and order-10's together)", commit.get("orderId"))
                    .containsExactly(9L, 10L, 100L);

            Document sameVersion = commit(i).append("commandId", "another-command");
            assertDuplicateKey(() -> commits.insertOne(sameVersion));
            // The same number as an int: MongoDB compares numbers by value.
            Document sameVersionAsInt = commit(i)
                    .append("commandId", "yet-another-command")
                    .append("fromVersion", commit.getLong("fromVersion").intValue());
            assertDuplicateKey(() -> commits.insertOne(sameVersionAsInt));
            Document sameCommand = commit(i).append("orderId", "another-order");
            assertDuplicateKey(() -> commits.insertOne(sameCommand));
        }
        assertThat(commits.find(Filters.eq("orderId", "order-" + COMMITS)).first())
                .as("an order past the last one")
                .isNull();
        assertThat(commits.countDocuments()).as("nothing refused was stored").isEqualTo(COMMITS);
    }

    private static void assertDuplicateKey(ThrowingCallable insert) {
        assertThatThrownBy(insert)
                .isInstanceOfSatisfying(
                        MongoWriteException.class,
                        e -> assertThat(ErrorCategory.fromErrorCode(e.getError().getCode()))
                                .isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    /** Three commits per order; versions whose value order differs from the order of their bytes (9 < 10 < 100). */
    private static Document commit(int i) {
        long[] versions = {9, 10, 100};
        return new Document("orderId", "order-" + i / 3)
                .append("fromVersion", versions[i % 3])
                .append("commandId", "command-" + i);
    }

    private static MongoCollection<Document> commits(MongoClient client) {
        return client.getDatabase("orders").getCollection("commits");
    }

    private static MongoClient client(int port) {
        return MongoClients.create("mongodb://127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
