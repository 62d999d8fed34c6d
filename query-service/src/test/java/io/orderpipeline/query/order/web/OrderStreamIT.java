package io.orderpipeline.query.order.web;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.query.Http;
import io.orderpipeline.query.OrderEvents;
import io.orderpipeline.query.QueryServiceTest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /orders/stream}: every change of the read model reaches every connected client as an SSE event. */
@QueryServiceTest
class OrderStreamIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    KafkaOperations<Object, Object> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OrderStream stream;

    Http http;
    OrderEvents events;
    final List<Client> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        http = new Http(port);
        events = new OrderEvents(kafka);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Client::close);
        // A client that left is noticed at the next write (the heartbeat, every second here) and dropped.
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.connected() == 0);
    }

    @Test
    void sendsEachChangeToEveryClientAsTheOrderItIs() throws Exception {
        Client first = connect();
        Client second = connect();
        String orderId = newOrderId();

        events.publish(created(orderId, "c-stream", "laptop", 1));
        events.publish(envelope(orderId, 2, new OrderProcessingRequested("c-stream", "laptop", 1)));

        for (Client client : List.of(first, second)) {
            JsonNode streamed = client.awaitOrder(orderId, 2);
            assertThat(streamed).isEqualTo(http.get("/orders/" + orderId).json());
            assertThat(client.lines.getFirst()).isEqualTo("retry:2000");
        }
    }

    @Test
    void sendsAChangeAnotherInstanceCommittedWithinTheRecheckInterval() throws Exception {
        Client client = connect();
        String orderId = newOrderId();

        // Written as another instance's projection would: this instance is not told of the commit.
        jdbc.update(
                "INSERT INTO orders (order_id, customer_id, product, quantity, status, version, created_at,"
                        + " updated_at, projected_at) VALUES (?, 'c-other', 'desk', 1, 'CREATED', 1, now(), now(),"
                        + " clock_timestamp())",
                orderId);

        assertThat(client.awaitOrder(orderId, 1).get("product").asString()).isEqualTo("desk");
    }

    @Test
    void refusesAClientPastTheLimitWithAProblem() throws Exception {
        // query.page.max-streams=3 in the tests
        for (int i = 0; i < 3; i++) {
            connect();
        }

        HttpResponse<String> refused;
        try (HttpClient client = HttpClient.newHttpClient()) {
            refused = client.send(request(), HttpResponse.BodyHandlers.ofString());
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).get("title").asString()).isEqualTo("Order stream full");
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders/stream"))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
    }

    /** Connects and waits for the stream's first line, so the client is registered before anything happens. */
    private Client connect() throws Exception {
        var client = new Client(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        clients.add(client);
        HttpResponse<Stream<String>> response = client.http.send(request(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode())
                .as(() -> response.body().toList() + " with " + stream.connected() + " connected")
                .isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        Thread.ofVirtual().start(() -> {
            try {
                response.body().forEach(client.lines::add);
            } catch (UncheckedIOException closedByTheTest) {
                // Ends the reader: close() shuts the client down under it.
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.lines.isEmpty());
        return client;
    }

    private record Client(HttpClient http, List<String> lines) {

        Client(HttpClient http) {
            this(http, new CopyOnWriteArrayList<>());
        }

        /** The order as the first {@code orders} event that holds it at this version carried it. */
        JsonNode awaitOrder(String orderId, long version) {
            try {
                return await().atMost(Duration.ofSeconds(30))
                        .until(() -> find(orderId, version), Optional::isPresent)
                        .orElseThrow();
            } catch (ConditionTimeoutException e) {
                // Says what did arrive, shortened: an orders event may hold hundreds of orders.
                throw new AssertionError(
                        orderId + " at version " + version + " not streamed; received "
                                + lines.stream()
                                        .map(line -> line.length() > 150 ? line.substring(0, 150) + "…" : line)
                                        .toList(),
                        e);
            }
        }

        private Optional<JsonNode> find(String orderId, long version) {
            List<String> seen = List.copyOf(lines);
            for (int i = 0; i + 1 < seen.size(); i++) {
                if (seen.get(i).equals("event:orders") && seen.get(i + 1).startsWith("data:")) {
                    for (JsonNode order : JSON.readTree(seen.get(i + 1).substring("data:".length()))) {
                        if (order.get("orderId").asString().equals(orderId)
                                && order.get("version").asLong() == version) {
                            return Optional.of(order);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        void close() {
            http.shutdownNow();
        }
    }
}
