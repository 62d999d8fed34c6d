package io.orderpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The live page in a real headless Chromium, against the whole pipeline: what a person does in the page reaches
 * orders-service (CORS), and what the pipeline does reaches the page without a reload (server-sent events).
 */
class LivePageIT {

    private static final Duration PIPELINE = Duration.ofSeconds(30);
    private static final String TRACE_UI = "http://traces.example/trace/";

    @AutoClose
    private static Pipeline pipeline;

    private static WebDriver browser;

    private final String customer = "c-page-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(
                "--spring.mongodb.database=e2e-page",
                "--orders.web.cors.allowed-origins=http://localhost:[*]",
                // Traced (sent to no collector: no endpoint is set), so each event has a trace id to link.
                "--query.page.trace-url=" + TRACE_UI + "{traceId}");
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void openThePage() {
        browser.get(pipeline.queryUrl() + "/");
        eventually().until(() -> text("live-status").equals("Live updates: connected"));
    }

    @Test
    void anOrderCreatedThroughTheFormAppearsInTheListAndTheHealthIsShown() {
        fill("customerId", customer);
        fill("quantity", "2");
        click(By.id("create-button"));

        String orderId = createdOrderId();
        eventually().until(() -> status(orderId).equals("CREATED"));
        WebElement row = row(orderId);
        assertThat(row.getText()).contains(customer, "laptop");
        // Filtered by status, the list asks the read model again: the order is under CREATED, not under REJECTED.
        filter("REJECTED");
        eventually().until(() -> !rowShown(orderId));
        filter("CREATED");
        eventually().until(() -> status(orderId).equals("CREATED"));

        // The health panel, from both services: a lag row per partition, the outbox of orders-service, every DLT.
        eventually().untilAsserted(() -> {
            assertThat(browser.findElements(By.cssSelector("#lag-rows tr"))).isNotEmpty();
            assertThat(text("outbox")).contains("waiting to be published");
            assertThat(texts("#dlt-rows tr td:first-child"))
                    .containsExactlyInAnyOrder(
                            "orders.events.DLT",
                            "orders.processing-requests.DLT",
                            "orders.processing-results.DLT",
                            "inventory.events.DLT",
                            "inventory.commands.DLT");
        });
    }

    @Test
    void processingAnOrderTurnsItProcessedWithoutAReload() {
        fill("customerId", customer);
        click(By.id("create-button"));
        String orderId = createdOrderId();
        eventually().until(() -> buttonShown("process") && text("detail-status").equals("CREATED"));
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");

        click(By.cssSelector("#commands button[data-command=process]"));

        eventually().until(() -> status(orderId).equals("PROCESSED"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded"))
                .isEqualTo(true);
        // The selected order's timeline follows: the outcome with its decision hop, the commands it allows now.
        eventually().untilAsserted(() -> {
            assertThat(text("detail-status")).isEqualTo("PROCESSED");
            assertThat(text("timeline")).contains("v3 OrderProcessed", "requested", "decided +", "recorded +");
            assertThat(text("timeline")).contains("committed", "on Kafka +", "projected +");
            assertThat(buttonShown("ship")).isTrue();
            assertThat(buttonShown("process")).isFalse();
        });
        // The stock panel shows what the read model holds for the product, the reservation of this order included.
        eventually().untilAsserted(() -> {
            Map<?, ?> laptop =
                    pipeline.query().get().uri("/inventory/laptop").retrieve().body(Map.class);
            assertThat(((Number) laptop.get("reserved")).longValue()).isPositive();
            assertThat(texts("#stock-rows tr[data-product=laptop] td"))
                    .containsSubsequence(
                            laptop.get("onHand").toString(),
                            laptop.get("reserved").toString(),
                            laptop.get("available").toString());
        });
        // Each step links to the trace of the command that made it, as the history records it.
        List<?> history = pipeline.query()
                .get()
                .uri("/orders/{id}/history", orderId)
                .retrieve()
                .body(List.class);
        List<String> traceLinks = history.stream()
                .map(entry -> TRACE_UI + ((Map<?, ?>) entry).get("traceId"))
                .toList();
        assertThat(browser.findElements(By.cssSelector("#timeline a")).stream()
                        .map(link -> link.getAttribute("href"))
                        .toList())
                .containsExactlyElementsOf(traceLinks);
    }

    @Test
    void aRefusedCommandShowsTheReasonOrdersServiceGave() {
        String orderId = pipeline.create(1);
        eventually().until(() -> rowShown(orderId));
        click(By.cssSelector("tr[data-order-id='" + orderId + "'] button"));
        eventually().until(() -> buttonShown("process"));
        // The order is cancelled behind the page's back, while the read model cannot tell the page so.
        List<MessageListenerContainer> projection = projectionContainers();
        projection.forEach(MessageListenerContainer::pause);
        try {
            eventually().until(() -> projection.stream().allMatch(MessageListenerContainer::isContainerPaused));
            var cancelled = pipeline.orders()
                    .post()
                    .uri("/orders/{id}/cancel", orderId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("reason", "changed my mind"))
                    .retrieve()
                    .toBodilessEntity();
            assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);

            click(By.cssSelector("#commands button[data-command=process]"));

            eventually()
                    .until(() -> text("command-result")
                            .equals("process refused: Command not allowed in this status:"
                                    + " cannot process an order that is CANCELLED"));
        } finally {
            projection.forEach(MessageListenerContainer::resume);
        }
        eventually().until(() -> status(orderId).equals("CANCELLED"));
    }

    @Test
    void theListReconnectsByItselfAfterQueryServiceRestartsAndShowsWhatChangedMeanwhile() {
        String[] createdMeanwhile = new String[1];

        pipeline.restartQuery(() -> {
            eventually().until(() -> text("live-status").equals("Live updates: reconnecting…"));
            createdMeanwhile[0] = pipeline.create(1);
        });

        eventually().until(() -> text("live-status").equals("Live updates: connected"));
        eventually().until(() -> status(createdMeanwhile[0]).equals("CREATED"));
    }

    @Test
    void aFormErrorIsShownBesideItsFieldAndCreatesNothing() {
        fill("customerId", customer);
        fill("quantity", "0");
        click(By.id("create-button"));

        eventually().until(() -> browser.findElement(By.id("quantity-error")).isDisplayed());
        assertThat(text("quantity-error")).isNotBlank();
        assertThat(browser.findElement(By.id("quantity")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.findElement(By.id("customerId-error")).isDisplayed()).isFalse();
        assertThat(text("create-result")).isEmpty();
        Map<?, ?> page = pipeline.query()
                .get()
                .uri("/orders?customerId={customer}", customer)
                .retrieve()
                .body(Map.class);
        assertThat((List<?>) page.get("items")).isEmpty();
    }

    /** Waits for the page; an element replaced while it is read (the list re-renders on every change) is read again. */
    private static ConditionFactory eventually() {
        return await().atMost(PIPELINE).ignoreExceptions();
    }

    private List<MessageListenerContainer> projectionContainers() {
        return List.copyOf(
                pipeline.queryBean(KafkaListenerEndpointRegistry.class).getListenerContainers());
    }

    private static String createdOrderId() {
        eventually().until(() -> text("create-result").startsWith("Created order "));
        return text("create-result").substring("Created order ".length()).split(" ")[0];
    }

    private static void fill(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private static void filter(String status) {
        click(By.xpath("//select[@id='status-filter']/option[.='" + status + "']"));
    }

    private static void click(By by) {
        browser.findElement(by).click();
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static boolean rowShown(String orderId) {
        return !browser.findElements(By.cssSelector("tr[data-order-id='" + orderId + "']"))
                .isEmpty();
    }

    private static WebElement row(String orderId) {
        return browser.findElement(By.cssSelector("tr[data-order-id='" + orderId + "']"));
    }

    /** The status the list shows for the order; empty while it is not listed. */
    private static String status(String orderId) {
        return rowShown(orderId)
                ? row(orderId).findElement(By.cssSelector(".status")).getText()
                : "";
    }

    private static boolean buttonShown(String command) {
        return browser.findElement(By.cssSelector("#commands button[data-command=" + command + "]"))
                .isDisplayed();
    }
}
