package io.orderpipeline.processor.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.processor.inventory.Inventory;
import io.orderpipeline.processor.inventory.JsonSerde;
import io.orderpipeline.processor.inventory.Stock;
import io.orderpipeline.testing.KafkaInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.test.util.TestSocketUtils;

/**
 * The read path on a real Kafka Streams app of two instances: every product's stock can be read from either
 * instance, from its own {@code stock} store or from the instance that owns the product's partition. The store is
 * filled by {@link StockStoreFixture}, a one-table topology standing in for the processor's (whose store has the same
 * name and values); it does not depend on the processor's topology, so it keeps testing the admin after the merge.
 */
class StockQueriesIT {

    private static final String TOKEN = "queries-test-token";
    private static final String FIXTURE_TOPIC = "stock-queries-fixture-" + UUID.randomUUID();
    private static final List<String> STOCKED =
            List.of("laptop", "phone", "tablet", "monitor", "keyboard", "mouse", "headphones", "camera", "printer");
    private static final String NEVER_STOCKED = "speaker";

    @TempDir
    static Path stateDirs;

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static int firstPort;
    private static int secondPort;

    @BeforeAll
    static void startTwoInstances() {
        String applicationId = "stock-queries-it-" + UUID.randomUUID();
        firstPort = TestSocketUtils.findAvailableTcpPort();
        first = start(applicationId, firstPort, "first");
        secondPort = TestSocketUtils.findAvailableTcpPort();
        second = start(applicationId, secondPort, "second");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> state(first) == KafkaStreams.State.RUNNING && state(second) == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void everyProductIsReadFromEitherInstanceWhoeverOwnsIt() {
        Map<String, Stock> written = new HashMap<>();
        try (var producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        String.join(
                                ",", first.getBean(KafkaConnectionDetails.class).getBootstrapServers())),
                new StringSerializer(),
                JsonSerde.of(Stock.class).serializer())) {
            for (int i = 0; i < STOCKED.size(); i++) {
                Stock stock = new Stock(STOCKED.get(i), 10 + i, i, i + 1);
                written.put(stock.product(), stock);
                producer.send(new ProducerRecord<>(FIXTURE_TOPIC, stock.product(), stock));
            }
        }
        Map<String, HostInfo> owners = new HashMap<>();
        STOCKED.forEach(product -> owners.put(product, ownerOf(product)));
        // Both instances own some of the products, so both paths are taken: from the own store, and forwarded.
        assertThat(owners.values()).contains(hostOf(firstPort), hostOf(secondPort));

        for (AdminHttp instance : List.of(new AdminHttp(firstPort, TOKEN), new AdminHttp(secondPort, TOKEN))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String product : STOCKED) {
                    Stock expected = written.get(product);
                    AdminHttp.Answer answer = instance.get("/inventory/" + product);
                    assertThat(answer.status()).as(product).isEqualTo(200);
                    assertThat(answer.body().toString())
                            .isEqualTo("{\"product\":\"" + product + "\",\"onHand\":" + expected.onHand()
                                    + ",\"reserved\":" + expected.reserved() + ",\"available\":"
                                    + expected.available() + ",\"version\":" + expected.version() + "}");
                }
            });
            AdminHttp.Answer never = instance.get("/inventory/" + NEVER_STOCKED);
            assertThat(never.status()).isEqualTo(200);
            assertThat(never.body().toString())
                    .isEqualTo("{\"product\":\"speaker\",\"onHand\":0,\"reserved\":0,\"available\":0,\"version\":0}");
        }
    }

    @Test
    void aForwardedReadIsNeverForwardedAgain() {
        String ownedByFirst = STOCKED.stream()
                .filter(product -> ownerOf(product).equals(hostOf(firstPort)))
                .findFirst()
                .orElseThrow();

        AdminHttp.Answer answer = new AdminHttp(secondPort, TOKEN)
                .send(new AdminHttp(secondPort, TOKEN)
                        .request("/inventory/" + ownedByFirst)
                        .header(StockQueries.FORWARDED_BY, "localhost:" + firstPort)
                        .GET());

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.retryAfter()).isEqualTo("1");
    }

    @Test
    void aReadWithoutTheTokenIsNotForwarded() {
        AdminHttp.Answer answer = new AdminHttp(firstPort, "wrong").get("/inventory/laptop");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
    }

    private static HostInfo ownerOf(String product) {
        return first.getBean(KafkaStreamsInteractiveQueryService.class)
                .getKafkaStreamsApplicationHostInfo(Inventory.STOCK_STORE, product, new StringSerializer());
    }

    private static HostInfo hostOf(int port) {
        return new HostInfo("localhost", port);
    }

    private static KafkaStreams.State state(ConfigurableApplicationContext instance) {
        KafkaStreams streams = instance.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        return streams == null ? null : streams.state();
    }

    private static ConfigurableApplicationContext start(String applicationId, int port, String name) {
        return new SpringApplicationBuilder(
                        StockAdminTestApplication.class, KafkaInfrastructure.class, StockStoreFixture.class)
                .properties(
                        "server.port=" + port,
                        "processor.admin.token=" + TOKEN,
                        "spring.kafka.streams.application-id=" + applicationId,
                        "spring.kafka.streams.state-dir=" + stateDirs.resolve(name),
                        "spring.kafka.streams.properties.application.server=localhost:" + port,
                        "spring.kafka.streams.properties.commit.interval.ms=100")
                .run();
    }

    /** One table materialized as the {@code stock} store, keyed by product, as the processor's topology keeps it. */
    @EnableKafkaStreams
    static class StockStoreFixture {

        @Bean
        NewTopic stockFixture() {
            return TopicBuilder.name(FIXTURE_TOPIC).partitions(4).build();
        }

        @Bean
        KTable<String, Stock> stockTable(StreamsBuilder builder) {
            return builder.table(
                    FIXTURE_TOPIC,
                    Consumed.with(Serdes.String(), JsonSerde.of(Stock.class)),
                    Materialized.<String, Stock, KeyValueStore<Bytes, byte[]>>as(Inventory.STOCK_STORE)
                            .withKeySerde(Serdes.String())
                            .withValueSerde(JsonSerde.of(Stock.class)));
        }
    }
}
