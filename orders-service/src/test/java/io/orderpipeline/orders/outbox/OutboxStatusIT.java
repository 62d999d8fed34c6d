package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.SecondInstance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** {@code GET /outbox} tells the live page which instance publishes and how far behind it is. */
@OrdersServiceTest
@TestPropertySource(properties = "spring.mongodb.database=" + OutboxStatusIT.DATABASE)
class OutboxStatusIT {

    /** A database of its own: the other tests' instance, cached meanwhile, would compete for the lease in theirs. */
    static final String DATABASE = "orders-outbox-status-it";

    @LocalServerPort
    int port;

    @Autowired
    OutboxRelay relay;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    MongoConnectionDetails mongo;

    @Test
    void theHolderAnswersThatItPublishesWithItsBacklog() {
        OrdersClient orders = new OrdersClient(port);
        orders.createOrder();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ResponseEntity<Map> status = orders.getJson("/outbox");
            assertThat(status.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(status.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
            assertThat(status.getBody())
                    .containsEntry("publishing", true)
                    .containsEntry("holder", relay.lease().owner());
            assertThat(status.getBody().get("backlog"))
                    .isInstanceOf(Number.class)
                    .satisfies(backlog ->
                            assertThat(((Number) backlog).longValue()).isNotNegative());
            assertThat(status.getBody().get("oldestWaitingSeconds"))
                    .isInstanceOf(Number.class)
                    .satisfies(age -> assertThat(((Number) age).doubleValue()).isNotNegative());
        });
    }

    @Test
    void aStandbyAnswersThatItDoesNotPublishAndNamesTheHolder() {
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.lease().isHeld());
        try (ConfigurableApplicationContext standby =
                SecondInstance.start(mongo.getConnectionString().toString(), DATABASE, kafka.getBootstrapServers())) {
            OrdersClient orders = SecondInstance.client(standby);

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(orders.getJson("/outbox").getBody())
                            .containsEntry("publishing", false)
                            .containsEntry("backlog", 0)
                            .containsEntry("oldestWaitingSeconds", 0.0)
                            .containsEntry("holder", relay.lease().owner()));
        }
    }
}
