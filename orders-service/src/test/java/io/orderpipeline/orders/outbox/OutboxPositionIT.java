package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.SecondInstance;
import io.orderpipeline.testing.Docker;
import io.orderpipeline.testing.InProcessServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * Where the relay's publishing stands, and what it costs: the position stored with the lease, a new holder resuming
 * from it, the catch-up where the change stream cannot resume, the processing requests' own topic, and the MongoDB
 * commands the relay sends per commit.
 */
@OrdersServiceTest
@TestPropertySource(properties = "spring.mongodb.database=" + OutboxPositionIT.DATABASE)
class OutboxPositionIT {

    /** A database of its own: another test's instance, cached meanwhile, would compete for the lease in theirs. */
    static final String DATABASE = "orders-position-it";

    private static final int ORDERS = 20;

    /** MongoDB commands sent from the outbox's two threads, by thread and command name. */
    static final Map<String, LongAdder> OUTBOX_COMMANDS = new ConcurrentHashMap<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class CountOutboxCommands {

        @Bean
        MongoClientSettingsBuilderCustomizer outboxCommandCounter() {
            return settings -> settings.addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    String thread = Thread.currentThread().getName();
                    if (thread.startsWith("outbox-")) {
                        OUTBOX_COMMANDS
                                .computeIfAbsent(thread + " " + event.getCommandName(), key -> new LongAdder())
                                .increment();
                    }
                }
            });
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    OutboxRelay relayA;

    @Autowired
    MeterRegistry metersA;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    MongoConnectionDetails mongoConnection;

    @Autowired
    MongoClient mongoClient;

    /**
     * The holder's context is closed while commands flow; the other instance takes over from the position it stored
     * and re-sends nothing the broker had acknowledged before it: every order arrives whole and in order, and the two
     * instances together sent each event once.
     */
    @Test
    void aNewHolderResumesFromTheStoredPositionAndLosesNothing() throws Exception {
        OrdersClient a = new OrdersClient(port);
        relayA.stop();
        double publishedByABefore = published(metersA);
        List<String> orderIds;
        double publishedByB;
        try (OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            ConfigurableApplicationContext instanceB = startSecondInstance();
            try {
                OutboxRelay relayB = instanceB.getBean(OutboxRelay.class);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> relayB.lease().isHeld());
                CompletableFuture<List<String>> created = CompletableFuture.supplyAsync(() -> createAndProcess(a));
                MeterRegistry metersB = instanceB.getBean(MeterRegistry.class);
                await().atMost(Duration.ofSeconds(60)).until(() -> published(metersB) >= ORDERS / 2.0);
                publishedByB = published(metersB);
                instanceB.close();
                publishedByB = Math.max(publishedByB, published(metersB));
                relayA.start();
                orderIds = created.get();
            } finally {
                instanceB.close();
                if (!relayA.isRunning()) {
                    relayA.start();
                }
            }
            List<EventEnvelope> received = events.awaitEvents(orderIds, 2 * ORDERS);
            Map<String, List<Long>> firstArrivals = received.stream()
                    .collect(Collectors.groupingBy(
                            EventEnvelope::orderId, Collectors.mapping(EventEnvelope::version, Collectors.toList())));
            firstArrivals.forEach((orderId, versions) -> assertThat(
                            versions.stream().distinct().toList())
                    .as("versions of %s as a consumer dropping duplicates sees them", orderId)
                    .containsExactly(1L, 2L));
            assertThat(firstArrivals).hasSize(ORDERS);
        }
        double publishedByA = published(metersA) - publishedByABefore;
        assertThat(publishedByB).isPositive();
        assertThat(publishedByA + publishedByB).isEqualTo(2.0 * ORDERS);
    }

    /**
     * The position the relay stored on stopping has rolled out of the oplog when it starts again: it sends every
     * commit made since a margin before that position instead, and then follows the stream.
     */
    @Test
    void aPositionNoLongerInTheOplogFallsBackToTheCommitsMadeSinceIt() throws Exception {
        // Only the in-process stand-in can be made to forget its oplog on demand.
        assumeThat(Docker.isAvailable()).isFalse();
        OrdersClient a = new OrdersClient(port);
        try (OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            String published = a.createOrder();
            events.awaitEvents(List.of(published), 1);
            relayA.stop();
            List<String> whileStopped = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    whileStopped.add(a.createOrder());
                }
            } catch (RuntimeException e) {
                relayA.start();
                throw e;
            }
            try (AutoCloseable forgotten = InProcessServers.forgetMongoOplogUntilNow()) {
                relayA.start();
                events.awaitEvents(whileStopped, whileStopped.size());
                String after = a.createOrder();
                events.awaitEvents(List.of(after), 1);
            }
        }
    }

    /**
     * A store the relay never published from (no position stored): the first holder publishes every commit in it
     * once, here a copy of this test's commits in a database of their own.
     */
    @Test
    void aFirstHolderPublishesEveryCommitOfTheStoreOnce() {
        OrdersClient a = new OrdersClient(port);
        List<String> orderIds = List.of(a.createOrder(), a.createOrder());
        String fresh = "orders-fresh-" + UUID.randomUUID();
        List<Document> commits = mongoClient
                .getDatabase(DATABASE)
                .getCollection("commits")
                .find(new Document("orderId", new Document("$in", orderIds)))
                .into(new ArrayList<>());
        mongoClient.getDatabase(fresh).getCollection("commits").insertMany(commits);

        try (OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers());
                ConfigurableApplicationContext instanceC = SecondInstance.start(
                        mongoConnection.getConnectionString().toString(), fresh, kafka.getBootstrapServers())) {
            MeterRegistry metersC = instanceC.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> published(metersC) >= orderIds.size());
            assertThat(published(metersC)).isEqualTo(orderIds.size());
            events.awaitEvents(orderIds, 2 * orderIds.size());
        }
    }

    /**
     * Each {@code OrderProcessingRequested} also goes to the requests topic, as stored (the same value as on
     * orders.events, decoded to the same envelope), with the envelope's identity in headers; nothing else does.
     */
    @Test
    void processingRequestsAlsoGoToTheirOwnTopic() {
        OrdersClient a = new OrdersClient(port);
        String orderId = a.createOrder();
        assertThat(a.post("/orders/" + orderId + "/process", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(202);

        List<ConsumerRecord<String, byte[]>> requests = read(Topics.PROCESSING_REQUESTS, orderId, 1);
        List<ConsumerRecord<String, byte[]>> events = read(Topics.ORDER_EVENTS, orderId, 2);

        assertThat(requests).hasSize(1);
        ConsumerRecord<String, byte[]> request = requests.getFirst();
        EventEnvelope envelope = EventCodec.decode(request.value());
        assertThat(envelope.type()).isEqualTo("OrderProcessingRequested");
        assertThat(envelope.version()).isEqualTo(2);
        assertThat(envelope).isEqualTo(EventCodec.decode(events.get(1).value()));
        assertThat(header(request, EventHeaders.EVENT_TYPE)).isEqualTo("OrderProcessingRequested");
        assertThat(header(request, EventHeaders.EVENT_ID))
                .isEqualTo(envelope.eventId().toString());
        assertThat(header(request, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(header(request, EventHeaders.CORRELATION_ID)).isEqualTo(envelope.correlationId());
        assertThat(header(events.getFirst(), EventHeaders.EVENT_TYPE)).isEqualTo("OrderCreated");
    }

    /**
     * The relay reads commits from the change stream and writes nothing per commit: its own thread sends only the
     * stream's commands, and the lease thread one renewal (carrying the position) per renewal interval, whatever the
     * number of commits.
     */
    @Test
    void theRelaySendsNoMongoDbWritePerCommit() {
        OrdersClient a = new OrdersClient(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> relayA.lease().isHeld());
        OUTBOX_COMMANDS.clear();
        long started = System.nanoTime();
        try (OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            List<String> orderIds = createAndProcess(a);
            events.awaitEvents(orderIds, 2 * ORDERS);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Long> commands = OUTBOX_COMMANDS.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().sum()));

        Set<String> streamCommands =
                Set.of("outbox-relay getMore", "outbox-relay aggregate", "outbox-relay killCursors");
        assertThat(commands.keySet().stream().filter(command -> command.startsWith("outbox-relay")))
                .as("the relay thread's commands: %s", commands)
                .isSubsetOf(streamCommands);
        long renewals = commands.getOrDefault("outbox-lease findAndModify", 0L);
        long renewalsDue = elapsed.toMillis() / relayA.lease().renewalInterval().toMillis() + 2;
        assertThat(renewals)
                .as("lease renewals in %s for %s commits: %s", elapsed, 2 * ORDERS, commands)
                .isLessThanOrEqualTo(renewalsDue);
    }

    private static List<String> createAndProcess(OrdersClient orders) {
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String orderId = orders.createOrder();
            assertThat(orders.post("/orders/" + orderId + "/process", null)
                            .getStatusCode()
                            .value())
                    .isEqualTo(202);
            orderIds.add(orderId);
        }
        return orderIds;
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, String orderId, int atLeast) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.getBootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "position-it-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .createConsumer()) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (orderId.equals(record.key())) {
                        records.add(record);
                    }
                });
                return records.size() >= atLeast;
            });
        }
        return records;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private ConfigurableApplicationContext startSecondInstance() {
        return SecondInstance.start(
                mongoConnection.getConnectionString().toString(), DATABASE, kafka.getBootstrapServers());
    }

    private static double published(MeterRegistry meters) {
        return meters.counter("orders.outbox.published").count();
    }
}
