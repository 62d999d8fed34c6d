package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@OrdersServiceTest
class OutboxMetricsIT {

    @LocalServerPort
    int port;

    @Test
    void exposesTheBacklogThePublishLagAndTheLeaseOnPrometheus() {
        OrdersClient orders = new OrdersClient(port);
        double publishedBefore =
                value(orders.get("/actuator/prometheus").getBody(), "orders_outbox_publish_lag_seconds_count");

        orders.createOrder();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = orders.get("/actuator/prometheus").getBody();
            assertThat(value(scrape, "orders_outbox_publish_lag_seconds_count")).isGreaterThan(publishedBefore);
            assertThat(scrape).contains("orders_outbox_publish_lag_seconds_bucket");
            assertThat(value(scrape, "orders_outbox_backlog")).isZero();
            assertThat(value(scrape, "orders_outbox_lease_held")).isEqualTo(1.0);
            assertThat(value(scrape, "orders_outbox_published_total")).isPositive();
        });
    }

    /** The value of a metric without labels in a Prometheus scrape; 0 if absent. */
    static double value(String scrape, String metric) {
        Matcher matcher =
                Pattern.compile("(?m)^" + metric + "(?:\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
