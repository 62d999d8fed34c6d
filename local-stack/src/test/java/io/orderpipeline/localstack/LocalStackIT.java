package io.orderpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the README's local command as a new user would — {@code ./run-local}, skipping only the build this Maven run
 * has just done — on free ports, takes an order through the pipeline over HTTP, finds every service's spans in the
 * Zipkin it started, checks the live page is served and wired to them, then presses Ctrl-C (SIGINT) and
 * checks that every process is gone and every port free again; then runs it once more on the same data folder and
 * finds the order where it was.
 */
class LocalStackIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;

    private Process stack;

    @AfterEach
    void killWhateverIsLeft() {
        if (stack != null) {
            stack.descendants().forEach(ProcessHandle::destroyForcibly);
            stack.destroyForcibly();
        }
    }

    @Test
    void runsTheWholePipelineStopsCleanlyOnCtrlCAndKeepsItsDataForTheNextRun() throws Exception {
        Map<String, Integer> ports = freePorts();
        String orders = "http://localhost:" + ports.get("orders-port");
        String query = "http://localhost:" + ports.get("query-port");

        Path console = start(ports);
        JsonNode created =
                post(orders + "/orders", "{\"customerId\":\"c-local\",\"product\":\"laptop\",\"quantity\":2}");
        String orderId = created.get("orderId").asString();
        post(orders + "/orders/" + orderId + "/process", "");
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> get(query + "/orders/" + orderId),
                        view -> view != null
                                && "PROCESSED".equals(view.path("status").asString())
                                && view.path("version").asInt() == 3);
        // Zipkin runs beside them, is printed with the other URLs, and each service reports its spans to it.
        String zipkin = "http://localhost:" + ports.get("zipkin-port");
        assertThat(Files.readString(console)).contains("Traces: " + zipkin + "/zipkin/");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(zipkin + "/api/v2/services"),
                        services -> services != null
                                && services.toString().contains("\"orders-service\"")
                                && services.toString().contains("\"processor-service\"")
                                && services.toString().contains("\"query-service\""));
        // The live page: printed, served by query-service, pointed at this orders-service and this Zipkin, and its
        // origin allowed by orders-service (a browser's preflight for a command).
        assertThat(Files.readString(console)).contains("The live page: " + query + "/");
        assertThat(getText(query + "/")).contains("<title>Order pipeline</title>");
        JsonNode page = get(query + "/page/config");
        assertThat(page.path("ordersUrl").asString()).isEqualTo(orders);
        assertThat(page.path("traceUrl").asString()).isEqualTo(zipkin + "/zipkin/traces/{traceId}");
        HttpResponse<Void> preflight = HTTP.send(
                HttpRequest.newBuilder(URI.create(orders + "/orders"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", query)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains(query);
        List<ProcessHandle> services = stack.descendants().toList();
        assertThat(services)
                .as("the three services and Zipkin run as processes of their own")
                .hasSizeGreaterThanOrEqualTo(4);

        pressCtrlC(console);
        assertThat(services).noneMatch(ProcessHandle::isAlive);
        ports.forEach((setting, port) -> assertThat(FreePorts.isFree(port))
                .as("%s %d is free again", setting, port)
                .isTrue());
        assertThat(data.resolve("logs/orders-service.log")).isNotEmptyFile();
        assertThat(Files.readString(data.resolve("logs/processor-service.log")))
                .as("the only processor keeps no standby copies: Kafka Streams has none to place, and no warning")
                .contains("Started ProcessorApplication")
                .doesNotContain("standby tasks");

        // The same command again: Kafka's log, MongoDB and PostgreSQL come back with what they held.
        Path again = start(ports);
        assertThat(get(orders + "/orders/" + orderId + "/events"))
                .as("the event store kept the stream")
                .hasSize(3);
        assertThat(get(query + "/orders/" + orderId).path("status").asString())
                .as("the read model kept the order")
                .isEqualTo("PROCESSED");
        post(orders + "/orders/" + orderId + "/ship", "");
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> get(query + "/orders/" + orderId),
                        view -> view != null && view.path("version").asInt() == 4);
        pressCtrlC(again);
    }

    @Test
    void answersHelpWithTheUsageAndStartsNothing() throws Exception {
        Process help = new ProcessBuilder("bash", "run-local", "--no-build", "--help")
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(help.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(help.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("Usage: ./run-local", "--wipe", "--no-tracing", "--tracing-sampling=P", "zipkin-port=9411")
                .doesNotContain("unknown argument");
    }

    /** Runs the README's command, skipping only the build this Maven run has just done, and waits for "Ready.". */
    private Path start(Map<String, Integer> ports) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "run-local",
                "--no-build",
                "--data-dir=" + data,
                "--startup-cache=" + TwoOfEach.SHARED_STARTUP_CACHE));
        ports.forEach((setting, port) -> command.add("--" + setting + "=" + port));
        Path console = Files.createTempFile("local-stack", ".log");
        stack = new ProcessBuilder(command)
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .failFast("the stack exited; console:\n" + console, () -> !stack.isAlive())
                .until(() -> Files.readString(console).contains("Ready."));
        return console;
    }

    private void pressCtrlC(Path console) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(stack.pid())).start().waitFor();
        assertThat(stack.waitFor(90, TimeUnit.SECONDS))
                .as("the stack stops after Ctrl-C")
                .isTrue();
        assertThat(Files.readString(console)).contains("Stopped.");
    }

    private static JsonNode post(String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST %s: %s", url, response.body())
                .isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static String getText(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static Map<String, Integer> freePorts() {
        FreePorts free = new FreePorts();
        Map<String, Integer> ports = new LinkedHashMap<>();
        StackSettings.DEFAULT_PORTS.keySet().forEach(setting -> ports.put(setting, free.next()));
        return ports;
    }
}
