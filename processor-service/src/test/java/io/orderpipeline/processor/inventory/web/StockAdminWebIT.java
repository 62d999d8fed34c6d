package io.orderpipeline.processor.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.processor.inventory.Stock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stock endpoints' answers to bad input, missing or wrong tokens and refusals, without a broker: the commands
 * go to {@link RecordingCommands}, which answers like the topology and records what reached it, so every refusal is
 * also shown to have sent nothing. Reads run the real {@link StockQueries} without a Kafka Streams app (503).
 */
@WebMvcTest(controllers = StockController.class, properties = "processor.admin.token=" + StockAdminWebIT.TOKEN)
@Import({StockQueries.class, StockAdminWebIT.Commands.class})
class StockAdminWebIT {

    static final String TOKEN = "web-test-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvcTester http;

    @Autowired
    RecordingCommands commands;

    @BeforeEach
    void forget() {
        commands.sent.clear();
    }

    @Test
    void receivingAnswersTheStockAfterIt() {
        MvcTestResult answer = post("/inventory/laptop/receipts", "{\"quantity\":7,\"reason\":\"delivery 42\"}");

        assertThat(answer).hasStatus(HttpStatus.OK).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(json(answer))
                .isEqualTo(JSON.readTree(
                        "{\"product\":\"laptop\",\"onHand\":7,\"reserved\":0,\"available\":7,\"version\":1}"));
        assertThat(commands.sent).containsExactly("RECEIVE laptop 7 delivery 42");
    }

    @Test
    void settingOnHandToZeroIsAllowedAndTheReasonIsOptional() {
        MvcTestResult answer = put("/inventory/phone/on-hand", "{\"count\":0}");

        assertThat(answer).hasStatus(HttpStatus.OK);
        assertThat(json(answer).path("onHand").asLong()).isZero();
        assertThat(commands.sent).containsExactly("SET_ON_HAND phone 0 null");
    }

    @Test
    void onHandBelowReservedIsAConflictWithTheCurrentStock() {
        MvcTestResult answer = put("/inventory/laptop/on-hand", "{\"count\":3}");

        assertThat(answer).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(answer);
        assertThat(problem.path("detail").asString()).isEqualTo("on hand 3 cannot be set below the 5 reserved");
        assertThat(problem.path("stock"))
                .isEqualTo(JSON.readTree(
                        "{\"product\":\"laptop\",\"onHand\":8,\"reserved\":5,\"available\":3,\"version\":4}"));
    }

    @Test
    void aQuantityOutsideOneToOneBillionNamesTheField() {
        for (String quantity : List.of("0", "-1", "1000000001", "99999999999999999999999", "-99999999999999999999")) {
            MvcTestResult answer = post("/inventory/laptop/receipts", "{\"quantity\":" + quantity + "}");

            assertInvalid(answer, Map.of("quantity", "must be an integer between 1 and 1000000000"));
        }
        assertThat(post("/inventory/laptop/receipts", "{\"quantity\":1000000000}"))
                .hasStatus(HttpStatus.OK);
        assertThat(commands.sent).containsExactly("RECEIVE laptop 1000000000 null");
    }

    @Test
    void aCountOutsideZeroToOneBillionNamesTheField() {
        for (String count : List.of("-1", "1000000001")) {
            assertInvalid(
                    put("/inventory/laptop/on-hand", "{\"count\":" + count + "}"),
                    Map.of("count", "must be an integer between 0 and 1000000000"));
        }
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aMissingQuantityOrCountNamesTheField() {
        assertInvalid(
                post("/inventory/laptop/receipts", "{\"reason\":\"x\"}"),
                Map.of("quantity", "must be an integer between 1 and 1000000000"));
        assertInvalid(
                put("/inventory/laptop/on-hand", "{\"count\":null}"),
                Map.of("count", "must be an integer between 0 and 1000000000"));
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aQuantityThatIsNotAnIntegerNamesTheField() {
        for (String quantity : List.of("2.5", "\"2\"", "true", "[2]", "{\"n\":2}")) {
            assertInvalid(
                    post("/inventory/laptop/receipts", "{\"quantity\":" + quantity + "}"),
                    Map.of("quantity", "must be an integer"));
        }
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aReasonThatIsNotAStringNamesTheField() {
        assertInvalid(
                post("/inventory/laptop/receipts", "{\"quantity\":1,\"reason\":{\"why\":1}}"),
                Map.of("reason", "must be a string"));
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aBodyThatIsMissingOrNotAJsonObjectIsMalformed() {
        assertMalformed(post("/inventory/laptop/receipts", ""), "a JSON request body is required");
        assertMalformed(post("/inventory/laptop/receipts", "{\"quantity\":"), "the request body is not valid JSON");
        assertMalformed(post("/inventory/laptop/receipts", "[1]"), "the request body must be one JSON object");
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aReasonTooLongOrNotStorableNamesTheField() {
        Map<String, String> refusals = Map.of(
                "r".repeat(501),
                "must be at most 500 characters",
                "a\\u0000b",
                "must not contain the NUL character (U+0000)",
                "\\ud800",
                "must not contain an unpaired UTF-16 surrogate (not encodable as UTF-8)");
        refusals.forEach((reason, refusal) -> assertInvalid(
                post("/inventory/laptop/receipts", "{\"quantity\":1,\"reason\":\"" + reason + "\"}"),
                Map.of("reason", refusal)));
        assertThat(commands.sent).isEmpty();
        assertThat(post("/inventory/laptop/receipts", "{\"quantity\":1,\"reason\":\"" + "r".repeat(500) + "\"}"))
                .hasStatus(HttpStatus.OK);
    }

    @Test
    void aProductOutsideTheCatalogIsRefusedOnEveryEndpoint() {
        String reason = "is not in the catalog; known are camera, headphones, keyboard, laptop, monitor, mouse,"
                + " phone, printer, speaker, tablet";
        assertInvalid(get("/inventory/yacht"), Map.of("product", reason));
        assertInvalid(post("/inventory/yacht/receipts", "{\"quantity\":1}"), Map.of("product", reason));
        assertInvalid(put("/inventory/yacht/on-hand", "{\"count\":1}"), Map.of("product", reason));
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aProductThatIsNotAWellFormedNameIsRefused() {
        MvcTestResult blank = post("/inventory/ /receipts", "{\"quantity\":1}");
        MvcTestResult tooLong = post("/inventory/" + "p".repeat(129) + "/receipts", "{\"quantity\":1}");

        assertThat(reasonsOf(blank, "product")).contains("must not be blank");
        assertThat(reasonsOf(tooLong, "product")).contains("must be at most 128 characters");
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void theProductAndTheBodyAreRefusedTogether() {
        MvcTestResult answer = post("/inventory/yacht/receipts", "{\"quantity\":0}");

        assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(json(answer)
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .containsExactly("product", "quantity");
    }

    @Test
    void withoutATokenEveryEndpointIsUnauthorizedBeforeItsInputIsRead() {
        for (MvcTestResult answer : List.of(
                http.get().uri("/inventory/laptop").exchange(),
                http.post()
                        .uri("/inventory/yacht/receipts")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{")
                        .exchange(),
                http.put()
                        .uri("/inventory/laptop/on-hand")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"count\":1}")
                        .exchange())) {
            assertThat(answer)
                    .hasStatus(HttpStatus.UNAUTHORIZED)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void aWrongTokenIsForbidden() {
        MvcTestResult answer = http.post()
                .uri("/inventory/laptop/receipts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer not-" + TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"quantity\":1}")
                .exchange();

        assertThat(answer).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).path("detail").asString()).isEqualTo("the admin token is not valid");
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void readingWithoutAKafkaStreamsAppIsUnavailableWithRetryAfter() {
        MvcTestResult answer = get("/inventory/laptop");

        assertThat(answer)
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader(HttpHeaders.RETRY_AFTER, "1");
    }

    /** The same application without a configured token: everyone is refused, as query-service's rebuild does. */
    @Nested
    @WebMvcTest(controllers = StockController.class, properties = "processor.admin.token=")
    @Import({StockQueries.class, StockAdminWebIT.Commands.class})
    class WithoutAConfiguredToken {

        @Autowired
        MockMvcTester unconfigured;

        @Test
        void everyTokenIsForbidden() {
            MvcTestResult answer = unconfigured
                    .post()
                    .uri("/inventory/laptop/receipts")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer ")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"quantity\":1}")
                    .exchange();

            assertThat(answer).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json(answer).path("detail").asString())
                    .isEqualTo("admin endpoints are disabled: no admin token is configured");
        }
    }

    private MvcTestResult get(String path) {
        return http.get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .exchange();
    }

    private MvcTestResult post(String path, String body) {
        return http.post()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }

    private MvcTestResult put(String path, String body) {
        return http.put()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }

    private static void assertInvalid(MvcTestResult answer, Map<String, String> fieldAndReason) {
        assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(answer);
        assertThat(problem.path("title").asString()).isEqualTo("Invalid request");
        assertThat(problem.path("errors")
                        .valueStream()
                        .map(e -> Map.of(
                                e.path("field").asString(), e.path("reason").asString()))
                        .toList())
                .containsExactly(fieldAndReason);
    }

    private static void assertMalformed(MvcTestResult answer, String detail) {
        assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json(answer).path("detail").asString()).isEqualTo(detail);
    }

    private static List<String> reasonsOf(MvcTestResult answer, String field) {
        assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return json(answer)
                .path("errors")
                .valueStream()
                .filter(e -> e.path("field").asString().equals(field))
                .map(e -> e.path("reason").asString())
                .toList();
    }

    private static JsonNode json(MvcTestResult answer) {
        return JSON.readTree(answer.getResponse().getContentAsByteArray());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Commands {
        @Bean
        RecordingCommands recordingCommands() {
            return new RecordingCommands();
        }
    }

    /**
     * Answers like the topology over a stock of its own (laptop: 8 on hand, 5 reserved) and records each command that
     * reached it.
     */
    static final class RecordingCommands extends StockCommands {

        final List<String> sent = new CopyOnWriteArrayList<>();

        RecordingCommands() {
            super(null, null);
        }

        @Override
        Stock receive(String product, long quantity, String reason) {
            sent.add("RECEIVE " + product + " " + quantity + " " + reason);
            return new Stock(product, quantity, 0, 1);
        }

        @Override
        Stock setOnHand(String product, long count, String reason) {
            sent.add("SET_ON_HAND " + product + " " + count + " " + reason);
            if (product.equals("laptop") && count < 5) {
                throw new StockChangeRefusedException(
                        "on hand " + count + " cannot be set below the 5 reserved", new Stock(product, 8, 5, 4));
            }
            return new Stock(product, count, 0, 1);
        }
    }
}
