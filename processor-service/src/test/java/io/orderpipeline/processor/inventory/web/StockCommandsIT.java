package io.orderpipeline.processor.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.processor.inventory.Inventory;
import io.orderpipeline.processor.inventory.Stock;
import io.orderpipeline.processor.inventory.StockCommand;
import io.orderpipeline.testing.KafkaInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;

/**
 * The write path on a real broker: receipts and counts go to {@code inventory.commands} as {@link StockCommand}s keyed
 * by product, and each HTTP answer is the reply to its own command. The replies come from {@link FakeStockTopology}
 * until the processor's topology is merged (then the lead reruns this against the real one).
 */
@SpringBootTest(
        classes = StockAdminTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {StockCommandsIT.TOKEN_PROPERTY, "processor.admin.reply-timeout=1s"})
@Import({KafkaInfrastructure.class, InventoryTopics.class})
class StockCommandsIT {

    static final String TOKEN = "commands-test-token";
    static final String TOKEN_PROPERTY = "processor.admin.token=" + TOKEN;

    @LocalServerPort
    int port;

    @Autowired
    KafkaConnectionDetails kafka;

    @Autowired
    @Qualifier(StockAdminKafkaConfiguration.TEMPLATE)
    ReplyingKafkaTemplate<?, ?, ?> template;

    private FakeStockTopology topology;
    private AdminHttp http;

    @BeforeEach
    void start() throws InterruptedException {
        assertThat(template.waitForAssignment(Duration.ofSeconds(30))).isTrue();
        topology = new FakeStockTopology(kafka.getBootstrapServers());
        http = new AdminHttp(port, TOKEN);
    }

    @AfterEach
    void stop() throws InterruptedException {
        topology.close();
    }

    @Test
    void aReceiptIsACommandKeyedByProductAnsweredWithTheStockAfterIt() {
        topology.put(new Stock("laptop", 3, 1, 2));

        AdminHttp.Answer answer =
                http.post("/inventory/laptop/receipts", "{\"quantity\":7,\"reason\":\"delivery 42\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().toString())
                .isEqualTo("{\"product\":\"laptop\",\"onHand\":10,\"reserved\":1,\"available\":9,\"version\":3}");
        ConsumerRecord<String, StockCommand> sent = topology.commands.getLast();
        assertThat(sent.topic()).isEqualTo(Inventory.COMMANDS);
        assertThat(sent.key()).isEqualTo("laptop");
        assertThat(sent.value().type()).isEqualTo(StockCommand.Type.RECEIVE);
        assertThat(sent.value().quantity()).isEqualTo(7);
        assertThat(sent.value().reason()).isEqualTo("delivery 42");
        assertThat(sent.value().commandId()).hasSize(36);
        assertThat(new String(
                        sent.headers().lastHeader(KafkaHeaders.REPLY_TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(Inventory.COMMAND_REPLIES);
    }

    @Test
    void onHandBelowReservedIsRefusedWithTheStockAndAtReservedIsSet() {
        topology.put(new Stock("phone", 8, 5, 4));

        AdminHttp.Answer refused = http.put("/inventory/phone/on-hand", "{\"count\":3,\"reason\":\"stock count\"}");
        AdminHttp.Answer set = http.put("/inventory/phone/on-hand", "{\"count\":5,\"reason\":\"stock count\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body().path("detail").asString()).isEqualTo("on hand 3 cannot be set below the 5 reserved");
        assertThat(refused.body().path("stock").toString())
                .isEqualTo("{\"product\":\"phone\",\"onHand\":8,\"reserved\":5,\"available\":3,\"version\":4}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().toString())
                .isEqualTo("{\"product\":\"phone\",\"onHand\":5,\"reserved\":5,\"available\":0,\"version\":5}");
        assertThat(topology.commands)
                .extracting(
                        record -> record.value().type() + " " + record.value().quantity())
                .containsExactly("SET_ON_HAND 3", "SET_ON_HAND 5");
    }

    @Test
    void fiftyConcurrentReceiptsEachGetTheAnswerToTheirOwnCommand() {
        List<CompletableFuture<AdminHttp.Answer>> answers = IntStream.range(0, 50)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> http.post("/inventory/tablet/receipts", "{\"quantity\":1}")))
                .toList();

        List<JsonNode> bodies = answers.stream()
                .map(CompletableFuture::join)
                .peek(answer -> assertThat(answer.status()).isEqualTo(200))
                .map(AdminHttp.Answer::body)
                .toList();
        // Each command raised on hand by one: fifty distinct answers show no reply went to another request.
        assertThat(bodies)
                .extracting(body -> body.path("onHand").asLong())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 50).mapToObj(Long::valueOf).toList());
    }

    @Test
    void noAnswerWithinTheReplyTimeoutIs503WithRetryAfter() {
        topology.silence("camera");

        AdminHttp.Answer answer = http.post("/inventory/camera/receipts", "{\"quantity\":1}");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.retryAfter()).isEqualTo("1");
        assertThat(answer.body().path("detail").asString())
                .isEqualTo("the stock did not answer within 1000 ms; the change may still be made, read the stock"
                        + " before retrying");
        assertThat(topology.commands).hasSize(1);
    }

    @Test
    void anUnreadableReplyFailsOnlyItsOwnRequest() {
        topology.garble("printer");

        AdminHttp.Answer garbled = http.post("/inventory/printer/receipts", "{\"quantity\":1}");
        AdminHttp.Answer next = http.post("/inventory/mouse/receipts", "{\"quantity\":2}");

        assertThat(garbled.status()).isEqualTo(503);
        assertThat(garbled.contentType()).isEqualTo("application/problem+json");
        assertThat(garbled.retryAfter()).isEqualTo("1");
        assertThat(garbled.body().path("detail").asString())
                .isEqualTo("the stock's answer could not be read; the change may have been made, read the stock"
                        + " before retrying");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body().path("onHand").asLong()).isEqualTo(2);
    }

    @Test
    void twoInstancesShareTheReplyTopicAndEachGetsItsOwnReplies() throws InterruptedException {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(
                        StockAdminTestApplication.class, KafkaInfrastructure.class)
                .properties(TOKEN_PROPERTY, "processor.admin.reply-timeout=5s", "server.port=0")
                .run()) {
            assertThat(second.getBean(StockAdminKafkaConfiguration.TEMPLATE, ReplyingKafkaTemplate.class)
                            .waitForAssignment(Duration.ofSeconds(30)))
                    .isTrue();
            AdminHttp other = new AdminHttp(
                    ((WebServerApplicationContext) second).getWebServer().getPort(), TOKEN);

            List<CompletableFuture<AdminHttp.Answer>> answers = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> (i % 2 == 0 ? http : other).post("/inventory/monitor/receipts", "{\"quantity\":1}")))
                    .toList();

            assertThat(answers.stream().map(CompletableFuture::join))
                    .allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200))
                    .extracting(answer -> answer.body().path("onHand").asLong())
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.rangeClosed(1, 20).mapToObj(Long::valueOf).toList());
        }
    }
}
