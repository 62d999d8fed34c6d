package io.orderpipeline.bench;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventEnvelopeSerializer;
import io.orderpipeline.events.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 3: the rate at which query-service rebuilds its read model from offset zero ({@code POST /admin/rebuild},
 * then {@code GET /admin/rebuild} until COMPLETED), over at least {@code rebuild-events} events.
 *
 * <p>What the earlier scenarios wrote is usually most of it; the rest is produced straight to {@code orders.events}
 * (creating that many orders over HTTP would take minutes): valid envelopes through the services' own serializer, an
 * {@code OrderCreated} then an {@code OrderCancelled} per order, which no other service reacts to. Those orders exist
 * only in the read model — fine on the bench's own wiped stack. Before the rebuild starts, the live projection must
 * have caught up (it is the rebuild's finish line), which measures the live projection's catch-up rate on the way,
 * and so must every other consumer group of {@code orders.events}: processor-service reads every event too, and a
 * rebuild measured while it still worked through the bench's events shared two cores with it (the first rebuild on
 * a fresh stack: 9 900 to 11 300 events/s then, 15 600 with this wait).
 */
final class Rebuild {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * @param events records in {@code orders.events} when the rebuild started: everything it replayed
     * @param seconds from the rebuild's start to its switch, by query-service's own clock
     * @param producedDirectly events the bench produced straight to Kafka to reach {@code rebuild-events}
     * @param liveCatchUpPerSecond events/s at which the live projection absorbed those, 0 if none were produced
     * @param applied events the rebuild applied, as it reports
     */
    record Result(
            long events,
            double seconds,
            double eventsPerSecond,
            long producedDirectly,
            double liveCatchUpPerSecond,
            long applied) {}

    private final BenchSettings settings;
    private final PipelineClient client;
    private final RawLimits raw;
    private final Samples samples;

    Rebuild(BenchSettings settings, PipelineClient client, RawLimits raw, Samples samples) {
        this.settings = settings;
        this.client = client;
        this.raw = raw;
        this.samples = samples;
    }

    Result run() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers()))) {
            return run(admin);
        }
    }

    private Result run(Admin admin) throws Exception {
        long deadline = System.nanoTime() + settings.rebuildTimeout().toNanos();
        long existing = eventsInTopic(admin);
        long missing = Math.max(0, settings.rebuildEvents() - existing);
        long produced = 0;
        double catchUp = 0;
        long start = System.nanoTime();
        if (missing > 0) {
            Bench.progress("rebuild: %d events in %s, producing %d more", existing, Topics.ORDER_EVENTS, missing);
            produced = produce(missing);
        }
        awaitLiveProjection(deadline);
        if (produced > 0) {
            catchUp = produced / ((System.nanoTime() - start) / 1e9);
        }
        awaitOtherConsumers(admin, deadline);
        long events = eventsInTopic(admin);
        Bench.progress("rebuild: replaying %d events", events);
        HttpResponse<String> started =
                client.send(admin(HttpRequest.newBuilder(adminRebuild()).POST(HttpRequest.BodyPublishers.noBody())));
        if (started.statusCode() != 202) {
            throw new IllegalStateException(
                    "POST /admin/rebuild answered " + started.statusCode() + ": " + started.body());
        }
        JsonNode state = awaitRebuild(deadline);
        double seconds = Duration.between(
                                Instant.parse(state.get("startedAt").asString()),
                                Instant.parse(state.get("finishedAt").asString()))
                        .toNanos()
                / 1e9;
        long applied = state.get("applied").asLong();
        Bench.progress("rebuild: %d events in %.1f s", events, seconds);
        return new Result(events, seconds, events / seconds, produced, catchUp, applied);
    }

    private long produce(long missing) throws Exception {
        long orders = (missing + 1) / 2;
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (var producer =
                new KafkaProducer<>(raw.producerProperties(), new StringSerializer(), new EventEnvelopeSerializer())) {
            for (long i = 0; i < orders; i++) {
                String orderId = UUID.randomUUID().toString();
                for (EventEnvelope event : List.of(samples.created(orderId), samples.cancelled(orderId))) {
                    producer.send(new ProducerRecord<>(Topics.ORDER_EVENTS, orderId, event), (metadata, failure) -> {
                        if (failure != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, failure);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " events could not be produced", firstFailure.get());
        }
        return orders * 2;
    }

    private static long eventsInTopic(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin
                .describeTopics(List.of(Topics.ORDER_EVENTS))
                .allTopicNames()
                .get()
                .get(Topics.ORDER_EVENTS)
                .partitions()
                .stream()
                .map(info -> new TopicPartition(Topics.ORDER_EVENTS, info.partition()))
                .toList();
        Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> beginnings = offsets(admin, partitions, OffsetSpec.earliest());
        return partitions.stream()
                .mapToLong(partition -> ends.get(partition) - beginnings.get(partition))
                .sum();
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Until {@code GET /projection} shows no lag: the rebuild switches when it reaches the live offsets. */
    private void awaitLiveProjection(long deadline) throws InterruptedException {
        URI projection = settings.queryUrl().resolve("/projection");
        while (true) {
            HttpResponse<String> response =
                    client.send(HttpRequest.newBuilder(projection).GET().build());
            if (response.statusCode() == 200
                    && JSON.readTree(response.body()).get("totalLag").asLong() == 0) {
                return;
            }
            pause(deadline, "the live projection to catch up (" + response.body() + ")");
        }
    }

    /** Until every consumer group that committed offsets on {@code orders.events} has committed its end. */
    private static void awaitOtherConsumers(Admin admin, long deadline) throws Exception {
        while (true) {
            Map<String, Long> behind = consumersBehind(admin);
            if (behind.isEmpty()) {
                return;
            }
            pause(
                    deadline,
                    "the consumers of " + Topics.ORDER_EVENTS + " to catch up (records behind: " + behind + ")");
        }
    }

    /** Records behind the end of {@code orders.events}, per consumer group that is; groups that are not are left out. */
    static Map<String, Long> consumersBehind(Admin admin) throws Exception {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (GroupListing group : admin.listGroups().all().get()) {
            committed.put(
                    group.groupId(),
                    admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get());
        }
        List<TopicPartition> partitions = committed.values().stream()
                .flatMap(offsets -> offsets.keySet().stream())
                .filter(partition -> partition.topic().equals(Topics.ORDER_EVENTS))
                .distinct()
                .toList();
        Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
        Map<String, Long> behind = new TreeMap<>();
        committed.forEach((group, offsets) -> {
            long lag = offsets.entrySet().stream()
                    .filter(entry -> ends.containsKey(entry.getKey()) && entry.getValue() != null)
                    .mapToLong(
                            entry -> ends.get(entry.getKey()) - entry.getValue().offset())
                    .sum();
            if (lag > 0) {
                behind.put(group, lag);
            }
        });
        return behind;
    }

    private JsonNode awaitRebuild(long deadline) throws InterruptedException {
        while (true) {
            HttpResponse<String> response =
                    client.send(admin(HttpRequest.newBuilder(adminRebuild()).GET()));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET /admin/rebuild answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode state = JSON.readTree(response.body());
            switch (state.get("phase").asString().toUpperCase(java.util.Locale.ROOT)) {
                case "COMPLETED" -> {
                    return state;
                }
                case "FAILED", "CANCELLED" -> throw new IllegalStateException("the rebuild ended: " + response.body());
                default -> pause(deadline, "the rebuild (" + response.body() + ")");
            }
        }
    }

    private URI adminRebuild() {
        return settings.queryUrl().resolve("/admin/rebuild");
    }

    private HttpRequest admin(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + settings.adminToken())
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private static void pause(long deadline, String waitingFor) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("gave up waiting for " + waitingFor + " (rebuild-timeout)");
        }
        TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
}
