package io.orderpipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.orderpipeline.testing.RecordedSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/** A problem answer names the trace of the request it answers, also when Spring Boot's error path writes it. */
@SpringBootTest(classes = ProblemsTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProblemTraceIdsIT.Spans.class)
class ProblemTraceIdsIT {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @LocalServerPort
    int port;

    @Autowired
    RecordedSpans spans;

    @Autowired
    ApplicationContext context;

    // Logback's own in-memory appender: the events as the service logged them, with their MDC.
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logged);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void anUnhandledFailureNamesTheTraceTheClientStartedInTheAnswerAndTheLog() throws Exception {
        HttpResponse<String> answer = get("/boom", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("\"traceId\":\"" + TRACE_ID + "\"");
        String reference = answer.body().replaceAll(".*\"reference\":\"([^\"]+)\".*", "$1");
        assertThat(traceIdsLoggedWith(reference)).containsExactly(TRACE_ID);
    }

    @Test
    void aSendErrorNamesTheTraceTheServiceStarted() throws Exception {
        HttpResponse<String> answer = get("/forbidden", null);

        assertThat(answer.statusCode()).isEqualTo(403);
        String traceId = answer.body().replaceAll(".*\"traceId\":\"([0-9a-f]{32})\".*", "$1");
        assertThat(traceId).hasSize(32);
        assertThat(spans.all()).anySatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));
    }

    @Test
    void aRequestTomcatRefusesBeforeAnyFilterGetsASpanInTheClientsTrace() throws Exception {
        HttpResponse<String> answer = get("/orders/a%2Fb/state", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"traceId\":\"" + TRACE_ID + "\"");
        assertThat(spans.ofTrace(TRACE_ID)).singleElement().satisfies(span -> {
            assertThat(span.parentId()).isEqualTo("00f067aa0ba902b7");
            assertThat(span.name()).isEqualTo("http get");
            assertThat(span.tag("http.status_code")).isEqualTo("400");
            assertThat(span.tag("error")).isNotBlank();
        });
    }

    @Test
    void aLogLineWrittenWhileAnsweringNamesTheTrace() throws Exception {
        get("/logged", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

        assertThat(traceIdsLoggedWith("answering /logged")).containsExactly(TRACE_ID);
    }

    @Test
    void exportsNothingWithoutAZipkinEndpoint() {
        assertThat(context.getBeansOfType(AsyncZipkinSpanHandler.class)).isEmpty();
    }

    @Test
    void anAnswerThatIsNoProblemIsLeftAlone() throws Exception {
        HttpResponse<String> answer = get("/orders/abc/state", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"orderId\":\"3\"}");
    }

    /** The trace id in the MDC of each log event with that text: what the log pattern prints as the trace. */
    private List<String> traceIdsLoggedWith(String text) {
        return logged.list.stream()
                .filter(event -> event.getFormattedMessage().contains(text))
                .map(event -> event.getMDCPropertyMap().get("traceId"))
                .toList();
    }

    private HttpResponse<String> get(String path, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }
    }
}
