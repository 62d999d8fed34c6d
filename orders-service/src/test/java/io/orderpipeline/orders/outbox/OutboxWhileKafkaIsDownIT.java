package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersApplication;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.testing.InProcessServers;
import io.orderpipeline.testing.MongoInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts and takes commands with no broker at its Kafka address; when a broker appears there (a fresh
 * one, without topics, reached through a {@link TcpForwarder} on that address), the backlog drains: every event
 * arrives exactly once, in version order.
 */
@SpringBootTest(
        classes = OrdersApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + OrdersApplication.CONFIG_NAME,
            "spring.mongodb.database=orders-kafka-down",
            "spring.kafka.admin.operation-timeout=2s"
        })
@Import(MongoInfrastructure.class)
@DirtiesContext
class OutboxWhileKafkaIsDownIT {

    private static final int KAFKA_PORT = freePort();
    private static final int ORDERS = 5;
    private static EmbeddedKafkaKraftBroker broker;
    private static TcpForwarder kafkaAddress;

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void kafkaWhereNothingListens(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + KAFKA_PORT);
    }

    @AfterAll
    static void stopBroker() throws IOException {
        if (kafkaAddress != null) {
            kafkaAddress.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void acceptsCommandsWhileKafkaIsDownAndDeliversEveryEventOnceInOrderWhenItIsBack() {
        OrdersClient orders = new OrdersClient(port);
        List<String> orderIds = new ArrayList<>();
        orderIds.add(processedOrder(orders)); // warms the request path up: the timing below is of Kafka only
        for (int i = 1; i < ORDERS; i++) {
            long started = System.nanoTime();
            orderIds.add(processedOrder(orders));
            // Had the request waited for Kafka, it would have taken the producer's max.block.ms (5 s) at least.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        OutboxMetricsIT.value(orders.get("/actuator/prometheus").getBody(), "orders_outbox_backlog")
                                == 2 * ORDERS);

        broker = startFreshBroker();
        kafkaAddress = new TcpForwarder(KAFKA_PORT, broker.getBrokersAsString());

        try (OrderEventsConsumer consumer = new OrderEventsConsumer(List.of("localhost:" + KAFKA_PORT))) {
            consumer.awaitEvents(orderIds, 2 * ORDERS);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> OutboxMetricsIT.value(
                                    orders.get("/actuator/prometheus").getBody(), "orders_outbox_backlog")
                            == 0);
            List<EventEnvelope> received = consumer.drain(orderIds);

            Map<String, List<Long>> versionsByOrder = received.stream()
                    .collect(Collectors.groupingBy(
                            EventEnvelope::orderId, Collectors.mapping(EventEnvelope::version, Collectors.toList())));
            assertThat(versionsByOrder).containsOnlyKeys(orderIds);
            versionsByOrder.forEach((orderId, versions) ->
                    assertThat(versions).as("versions of %s", orderId).containsExactly(1L, 2L));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        OutboxMetricsIT.value(orders.get("/actuator/prometheus").getBody(), "orders_outbox_backlog")
                                == 0);
    }

    private static String processedOrder(OrdersClient orders) {
        String orderId = orders.createOrder();
        assertThat(orders.post("/orders/" + orderId + "/process", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(202);
        return orderId;
    }

    /** A fresh single-node KRaft broker, set up like test-infrastructure's in-process one: no topic exists. */
    private static EmbeddedKafkaKraftBroker startFreshBroker() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperties(InProcessServers.kafkaBrokerProperties());
        kafka.afterPropertiesSet();
        return kafka;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
