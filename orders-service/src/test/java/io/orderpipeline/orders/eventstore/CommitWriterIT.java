package io.orderpipeline.orders.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.OrderCreated;
import io.orderpipeline.orders.OrdersServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Appends share one insert, and each caller still gets its own document's outcome once it is durable. */
@OrdersServiceTest
class CommitWriterIT {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    EventStore store;

    /** Also pins that the MongoDB in use reports the refused documents of an unordered insert by their index. */
    @Test
    void answersEachCommitOfOneInsertWithItsOwnOutcome() {
        CommitWriter writer = new CommitWriter(mongo, new EventStoreProperties(256, Duration.ofSeconds(5)));
        String order = UUID.randomUUID().toString();
        String otherOrder = UUID.randomUUID().toString();
        String command = UUID.randomUUID().toString();
        Commit first = created(order, command);
        Commit sameVersion = created(order, UUID.randomUUID().toString());
        Commit sameCommand = created(otherOrder, command);
        Commit unrelated =
                created(UUID.randomUUID().toString(), UUID.randomUUID().toString());

        List<CompletableFuture<Void>> outcomes =
                writer.writeTogether(List.of(first, sameVersion, sameCommand, unrelated));

        assertThat(outcomes.get(0)).isCompleted().isNotCompletedExceptionally();
        assertThatThrownBy(outcomes.get(1)::join).hasCauseInstanceOf(ConcurrentAppendException.class);
        assertThatThrownBy(outcomes.get(2)::join).hasCauseInstanceOf(DuplicateCommandException.class);
        assertThat(outcomes.get(3)).isCompleted().isNotCompletedExceptionally();
        assertThat(store.findCommit(command).orElseThrow().id()).isEqualTo(first.id());
        assertThat(store.load(otherOrder)).isEmpty();
        assertThat(store.findCommit(unrelated.commandId())).isPresent();
    }

    /**
     * Many callers at once, half of them racing another for the same first version: one of each pair wins, the loser
     * is told so, and every winner's commit is in MongoDB the moment its append returns.
     */
    @Test
    void concurrentAppendsAreDurableWhenTheyReturnAndLoseOnlyTheirOwnRace() throws Exception {
        int orders = 40;
        List<Commit> commits = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String orderId = UUID.randomUUID().toString();
            commits.add(created(orderId, UUID.randomUUID().toString()));
            if (i % 2 == 0) {
                commits.add(created(orderId, UUID.randomUUID().toString()));
            }
        }
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(commits.size())) {
            for (Commit commit : commits) {
                outcomes.add(callers.submit(() -> {
                    try {
                        store.append(commit);
                    } catch (ConcurrentAppendException lost) {
                        return "lost";
                    }
                    // Read at once, by the caller: what it was told is durable is there.
                    return store.findCommit(commit.commandId()).isPresent() ? "durable" : "missing";
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(results).containsOnly("durable", "lost");
            assertThat(results.stream().filter("durable"::equals)).hasSize(orders);
            assertThat(results.stream().filter("lost"::equals)).hasSize(orders / 2);
        }
        for (Commit commit : commits) {
            assertThat(store.load(commit.orderId())).hasSize(1);
        }
    }

    private static Commit created(String orderId, String commandId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EventEnvelope event = new EventEnvelope(
                UUID.randomUUID(), orderId, 1, now, commandId, commandId, new OrderCreated("c-1", "laptop", 1));
        return Commit.of(orderId, commandId, List.of(event), now);
    }
}
