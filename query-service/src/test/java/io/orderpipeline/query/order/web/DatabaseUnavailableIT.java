package io.orderpipeline.query.order.web;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.QueryServiceTest;
import io.orderpipeline.testing.Docker;
import io.orderpipeline.testing.InProcessServers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaOperations;

/**
 * PostgreSQL frozen (SIGSTOP: connections are accepted by the kernel, nothing answers): reads answer 503 with
 * {@code Retry-After} within a bound instead of hanging, readiness says DOWN within a bound, and reads recover once
 * it runs again.
 */
@QueryServiceTest
class DatabaseUnavailableIT {

    /** Pool connection timeout (2 s) or driver socket timeout (3 s), plus slack for a loaded machine. */
    static final Duration READ_BOUND = Duration.ofSeconds(6);

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void answersReadsWith503AndRetryAfterWithinABoundWhilePostgresqlIsFrozenAndRecoversAfter() throws Exception {
        Assumptions.assumeFalse(Docker.isAvailable(), "freezes the in-process PostgreSQL's processes");
        String orderId = newOrderId();
        new OrderEvents(kafka).publish(created(orderId, "c-frozen", "laptop", 1));
        http.awaitVersion(orderId, 1);

        List<Long> frozen = postgresProcesses();
        assertThat(frozen).isNotEmpty();
        signal("STOP", frozen);
        try {
            for (String path : List.of(
                    "/orders/" + orderId,
                    "/orders?customerId=c-frozen",
                    "/orders/stats",
                    "/orders/" + orderId + "/history",
                    "/inventory",
                    "/inventory/laptop")) {
                long started = System.nanoTime();
                Http.Response response = http.get(path);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(response.status()).as(path).isEqualTo(503);
                assertThat(response.header("Retry-After")).as(path).isEqualTo("1");
                assertThat(response.contentType()).as(path).startsWith("application/problem+json");
                assertThat(response.json().toString())
                        .as(path)
                        .doesNotContain("SQL")
                        .doesNotContain("Exception");
                assertThat(took).as(path).isLessThan(READ_BOUND);
            }
            long started = System.nanoTime();
            Http.Response readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_BOUND.multipliedBy(2));
        } finally {
            signal("CONT", frozen);
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/orders/" + orderId).status() == 200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/actuator/health/readiness").status() == 200);
    }

    /** The postmaster of the in-process server (found by its port) and every backend it forked. */
    private static List<Long> postgresProcesses() {
        String port = "-p " + InProcessServers.postgres().getPort() + " ";
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .filter(line -> line.contains("bin/postgres") && line.contains(port))
                        .isPresent())
                .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
                .forEach(process -> pids.add(process.pid()));
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        // A backend may have ended meanwhile: the others get the signal all the same.
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
