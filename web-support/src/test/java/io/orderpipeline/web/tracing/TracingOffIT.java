package io.orderpipeline.web.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.orderpipeline.testing.RecordedSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one switch: with {@code management.tracing.export.enabled=false} no span is created or reported, nothing is
 * propagated, and answers carry no trace id; the service works as before.
 */
@SpringBootTest(
        classes = TracingOffIT.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.tracing.export.enabled=false")
class TracingOffIT {

    @LocalServerPort
    int port;

    @Autowired
    Tracer tracer;

    @Autowired
    Propagator propagator;

    @Autowired
    RecordedSpans spans;

    @Test
    void createsNoSpansAndPropagatesNothing() throws Exception {
        HttpResponse<String> answer;
        try (HttpClient client = HttpClient.newHttpClient()) {
            answer = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/boom"))
                            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("\"status\":500").doesNotContain("traceId");
        assertThat(tracer).isSameAs(Tracer.NOOP);
        assertThat(propagator).isSameAs(Propagator.NOOP);
        assertThat(tracer.nextSpan().start().isNoop()).isTrue();
        assertThat(spans.all()).isEmpty();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }

        @RestController
        static class Boom {
            @GetMapping("/boom")
            String boom() {
                throw new IllegalStateException("failed");
            }
        }
    }
}
