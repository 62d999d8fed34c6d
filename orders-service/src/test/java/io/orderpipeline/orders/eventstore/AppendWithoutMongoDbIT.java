package io.orderpipeline.orders.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.SecondInstance;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A command whose commit MongoDB does not take within the write timeout fails with 503, not after minutes. */
@OrdersServiceTest
class AppendWithoutMongoDbIT {

    @Autowired
    KafkaConnectionDetails kafka;

    @Test
    void aCreateFailsWith503WithinTheWriteTimeoutWhenMongoDbIsGone() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress address = mongo.bind();
        try (ConfigurableApplicationContext instance = SecondInstance.start(
                "mongodb://" + address.getHostString() + ":" + address.getPort(),
                "orders",
                kafka.getBootstrapServers(),
                "--orders.event-store.write-timeout=2s",
                // The failure's log entry waits for MongoDB too.
                "--orders.command-log.write-timeout=1s")) {
            OrdersClient orders = SecondInstance.client(instance);
            assertThat(orders.createOrder()).isNotNull();
            mongo.shutdownNow();

            long started = System.nanoTime();
            ResponseEntity<Map> failed =
                    orders.post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", 1));

            assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(failed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
