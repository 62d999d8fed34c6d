package io.orderpipeline.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class KafkaHealthIndicatorTest {

    @Test
    void isDownWithinTheTimeoutWhenNoBrokerAnswers() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + closedPort,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                100));
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(admin, Duration.ofMillis(500));

        long started = System.nanoTime();
        Health health = indicator.health();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        indicator.destroy();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }
}
