package io.orderpipeline.web.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * With {@code management.tracing.export.zipkin.endpoint} set, a service sends its spans there as Zipkin v2 JSON
 * over HTTP, named after {@code spring.application.name}: what a Zipkin server, or Jaeger's Zipkin port, receives.
 * The receiver is a plain HTTP server keeping what is posted to it.
 */
@SpringBootTest(
        classes = ZipkinExportIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.application.name=traced-service")
@DirtiesContext
class ZipkinExportIT {

    static final String ENDPOINT = "management.tracing.export.zipkin.endpoint";
    static final Queue<String> posted = new ConcurrentLinkedQueue<>();
    static final HttpServer collector = collector();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    // As a system property, like the environment variable run-local sets: TracingDefaults reads it when the
    // environment is prepared, before a test's dynamic properties exist.
    @BeforeAll
    static void zipkinEndpoint() {
        System.setProperty(
                ENDPOINT, "http://localhost:" + collector.getAddress().getPort() + "/api/v2/spans");
    }

    @AfterAll
    static void stopCollector() {
        System.clearProperty(ENDPOINT);
        collector.stop(0);
    }

    @Test
    void sendsEverySpanToTheConfiguredEndpoint() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hello"))
                            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        assertThat(context.getBeansOfType(AsyncZipkinSpanHandler.class)).hasSize(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> posted.stream()
                        .anyMatch(spans -> spans.contains("\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"")
                                && spans.contains("\"name\":\"http get /hello\"")
                                && spans.contains("\"serviceName\":\"traced-service\"")));
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/api/v2/spans", exchange -> {
                try (InputStream body =
                        "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                                ? new GZIPInputStream(exchange.getRequestBody())
                                : exchange.getRequestBody()) {
                    posted.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @RestController
        static class Hello {
            @GetMapping("/hello")
            String hello() {
                return "hello";
            }
        }
    }
}
