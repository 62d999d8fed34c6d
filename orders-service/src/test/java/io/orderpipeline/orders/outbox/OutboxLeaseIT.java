package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.SecondInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Two instances of the service on one MongoDB and one Kafka, taking commands for the same orders: only the lease
 * holder publishes, the other takes over when it stops, and every order's events arrive complete and in version
 * order throughout. The holder reads every instance's commits from one change stream.
 */
@OrdersServiceTest
@TestPropertySource(properties = "spring.mongodb.database=" + OutboxLeaseIT.DATABASE)
class OutboxLeaseIT {

    /** A database of its own: the other tests' instance, cached meanwhile, would compete for the lease in theirs. */
    static final String DATABASE = "orders-lease-it";

    private static final int ORDERS_PER_PHASE = 8;

    @LocalServerPort
    int port;

    @Autowired
    OutboxRelay relayA;

    @Autowired
    MeterRegistry metersA;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    MongoConnectionDetails mongoConnection;

    @Test
    void onlyTheLeaseHolderPublishesAndAnotherInstanceTakesOverWithoutLossOrDisorder() {
        OrdersClient a = new OrdersClient(port);
        try (ConfigurableApplicationContext instanceB = startSecondInstance();
                OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            OutboxRelay relayB = instanceB.getBean(OutboxRelay.class);
            OrdersClient b = SecondInstance.client(instanceB);
            await().atMost(Duration.ofSeconds(60)).until(() -> relayA.lease().isHeld());
            assertThat(relayB.lease().isHeld()).isFalse();

            List<String> phaseOne = commandsThroughBoth(a, b);
            events.awaitEvents(phaseOne, 2 * ORDERS_PER_PHASE);
            assertThat(published(instanceB.getBean(MeterRegistry.class))).isZero();

            relayA.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> relayB.lease().isHeld());
            double publishedByA = published(metersA);
            List<String> phaseTwo = commandsThroughBoth(a, b);
            relayA.start();
            List<String> all = new ArrayList<>(phaseOne);
            all.addAll(phaseTwo);
            List<EventEnvelope> received = events.awaitEvents(all, 4 * ORDERS_PER_PHASE);

            assertThat(published(instanceB.getBean(MeterRegistry.class)))
                    .isGreaterThanOrEqualTo(2.0 * ORDERS_PER_PHASE);
            assertThat(published(metersA)).isEqualTo(publishedByA);
            Map<String, List<Long>> versionsByOrder = received.stream()
                    .collect(Collectors.groupingBy(
                            EventEnvelope::orderId, Collectors.mapping(EventEnvelope::version, Collectors.toList())));
            assertThat(versionsByOrder).hasSize(2 * ORDERS_PER_PHASE);
            versionsByOrder.forEach((orderId, versions) ->
                    assertThat(versions).as("versions of %s", orderId).containsExactly(1L, 2L));
        } finally {
            if (!relayA.isRunning()) {
                relayA.start();
            }
        }
    }

    /** An instance whose relay is stopped (as one that died after its inserts) has its commits published by the holder. */
    @Test
    void theHolderPublishesTheCommitsOfAnInstanceWhoseRelayIsStopped() {
        OrdersClient a = new OrdersClient(port);
        relayA.stop();
        try (ConfigurableApplicationContext instanceB = startSecondInstance();
                OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            OutboxRelay relayB = instanceB.getBean(OutboxRelay.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> relayB.lease().isHeld());
            List<String> orderIds = new ArrayList<>();
            for (int i = 0; i < ORDERS_PER_PHASE; i++) {
                orderIds.add(a.createOrder());
            }

            events.awaitEvents(orderIds, ORDERS_PER_PHASE);
            assertThat(published(instanceB.getBean(MeterRegistry.class))).isEqualTo(ORDERS_PER_PHASE);
        } finally {
            relayA.start();
        }
    }

    /**
     * A standby under load never contends for the lease while its holder lives (no attempt per commit, as it knows
     * when the lease expires), and the backlog gauge counts every instance's commits: zero on both once all are
     * published, never below.
     */
    @Test
    void aStandbyUnderLoadNeverContendsAndTheBacklogGaugeStaysTrue() {
        OrdersClient a = new OrdersClient(port);
        try (ConfigurableApplicationContext instanceB = startSecondInstance();
                OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            OrdersClient b = SecondInstance.client(instanceB);
            MeterRegistry metersB = instanceB.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> relayA.lease().isHeld());
            double attemptsBefore = leaseAttempts(metersB);

            List<String> orderIds = new ArrayList<>();
            for (int i = 0; i < 3 * ORDERS_PER_PHASE; i++) {
                orderIds.add((i % 3 == 0 ? a : b).createOrder());
            }
            events.awaitEvents(orderIds, orderIds.size());

            assertThat(leaseAttempts(metersB)).isEqualTo(attemptsBefore);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(backlog(metersA)).isZero();
                assertThat(backlog(metersB)).isZero();
            });
            assertThat(metersA.get("orders.outbox.backlog").gauge().value()).isZero();
        }
    }

    /**
     * The holder dies without releasing the lease (its MongoDB client closed: it can neither renew nor release, as
     * after a {@code kill -9}); the standby publishes the commits it took meanwhile within five seconds.
     */
    @Test
    void aStandbyTakesOverWithinFiveSecondsOfTheHoldersDeath() {
        OrdersClient a = new OrdersClient(port);
        relayA.stop();
        try (ConfigurableApplicationContext instanceB = startSecondInstance();
                OrderEventsConsumer events = new OrderEventsConsumer(kafka.getBootstrapServers())) {
            OutboxRelay relayB = instanceB.getBean(OutboxRelay.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> relayB.lease().isHeld());
            relayA.start();
            String before = a.createOrder();
            events.awaitEvents(List.of(before), 1);
            assertThat(relayA.lease().isHeld()).isFalse();

            instanceB.getBean(MongoClient.class).close();
            Instant died = Instant.now();
            List<String> orderIds = new ArrayList<>();
            for (int i = 0; i < ORDERS_PER_PHASE; i++) {
                orderIds.add(a.createOrder());
            }
            events.awaitEvents(orderIds, ORDERS_PER_PHASE);

            assertThat(Duration.between(died, Instant.now())).isLessThan(Duration.ofSeconds(5));
            assertThat(relayA.lease().isHeld()).isTrue();
        } finally {
            if (!relayA.isRunning()) {
                relayA.start();
            }
        }
    }

    /** Creates orders through one instance and asks for their processing through the other. */
    private static List<String> commandsThroughBoth(OrdersClient a, OrdersClient b) {
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS_PER_PHASE; i++) {
            OrdersClient creator = i % 2 == 0 ? a : b;
            OrdersClient processor = i % 2 == 0 ? b : a;
            String orderId = creator.createOrder();
            assertThat(processor
                            .post("/orders/" + orderId + "/process", null)
                            .getStatusCode()
                            .value())
                    .isEqualTo(202);
            orderIds.add(orderId);
        }
        return orderIds;
    }

    private ConfigurableApplicationContext startSecondInstance(String... settings) {
        return SecondInstance.start(
                mongoConnection.getConnectionString().toString(), DATABASE, kafka.getBootstrapServers(), settings);
    }

    private static double leaseAttempts(MeterRegistry meters) {
        return meters.counter("orders.outbox.lease.attempts").count();
    }

    private static double backlog(MeterRegistry meters) {
        return meters.get("orders.outbox.backlog").gauge().value();
    }

    private static double published(MeterRegistry meters) {
        return meters.counter("orders.outbox.published").count();
    }
}
