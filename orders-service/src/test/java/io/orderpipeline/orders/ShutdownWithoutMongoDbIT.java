package io.orderpipeline.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With MongoDB gone, the service still stops well inside a usual shutdown grace (Kubernetes gives 30 s): the outbox
 * relay is interrupted once a round's send timeout has passed, the lease release waits 2 s at most, and the command
 * log's writes wait no longer than its write timeout. Each of them used to wait out the driver's 30 s server
 * selection, which took a stop to a minute or more.
 */
@OrdersServiceTest
class ShutdownWithoutMongoDbIT {

    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(20);

    @Autowired
    KafkaConnectionDetails kafka;

    @Test
    void stopsPromptlyWhenMongoDbIsGone() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress address = mongo.bind();
        ConfigurableApplicationContext instance = SecondInstance.start(
                "mongodb://" + address.getHostString() + ":" + address.getPort(),
                "orders",
                kafka.getBootstrapServers());
        MeterRegistry meters = instance.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> meters.get("orders.outbox.lease.held").gauge().value() == 1);
        SecondInstance.client(instance).createOrder();

        mongo.shutdownNow();
        long stopping = System.nanoTime();
        instance.close();

        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(SHUTDOWN_BOUND);
    }
}
