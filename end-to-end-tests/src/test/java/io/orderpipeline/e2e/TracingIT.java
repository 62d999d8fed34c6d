package io.orderpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderpipeline.e2e.Zipkin.Span;
import io.orderpipeline.events.EventEnvelope;
import io.orderpipeline.events.EventEnvelopeSerializer;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * One trace per command, read back from a real Zipkin server the three services report to: a {@code process} command
 * is one trace from its HTTP request through the MongoDB commit, the outbox, Kafka, the processor's decision, the
 * outcome recorded by orders-service, to query-service's projection of both events; every span's parent is in the
 * trace. A processing request put on Kafka without trace headers starts a trace of its own.
 */
class TracingIT {

    static final String ORDERS = "orders-service";
    static final String PROCESSOR = "processor-service";
    static final String QUERY = "query-service";
    /** The processor's span of the stage keyed by product, reading its repartition topic. */
    static final String BY_PRODUCT = "processor-service-by-product-repartition receive";

    @AutoClose
    private static Zipkin zipkin;

    @AutoClose
    private static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        zipkin = Zipkin.start();
        pipeline = zipkin.startPipeline(
                "--spring.mongodb.database=tracing-e2e",
                "--processor.rules.max-quantity=10",
                "--management.tracing.sampling.probability=1.0");
    }

    @Test
    void aProcessCommandIsOneTraceFromItsHttpRequestToTheProjectionOfItsOutcome() {
        String orderId = pipeline.create(2);
        ResponseEntity<Map> processing = pipeline.process(orderId);
        assertThat(processing.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        // Each service reports on its own schedule: wait until every hop of both commands is in.
        List<List<Span>> traces = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> zipkin.tracesTagged("order.id", orderId),
                        found -> found.size() == 2
                                && found.stream().anyMatch(trace -> projection(trace, 1) != null)
                                && found.stream().anyMatch(TracingIT::hasEveryHopOfProcessing));

        assertThat(traces)
                .as("one trace for the create command, one for the process command, and no other")
                .extracting(trace -> root(trace).name())
                .containsExactlyInAnyOrder("http post /orders", "http post /orders/{orderid}/process");
        List<Span> trace = traces.stream()
                .filter(t -> root(t).name().equals("http post /orders/{orderid}/process"))
                .findFirst()
                .orElseThrow();

        assertThat(trace)
                .extracting(Span::traceId)
                .containsOnly(trace.getFirst().traceId());
        assertThat(trace).extracting(Span::service).containsOnly(ORDERS, PROCESSOR, QUERY);
        assertEveryParentIsInTheTrace(trace);
        assertThat(trace.stream().filter(span -> span.parentId() == null))
                .as("one root: the HTTP request")
                .singleElement()
                .satisfies(root -> {
                    assertThat(root.is(ORDERS, "http post /orders/{orderid}/process"))
                            .isTrue();
                    assertThat(root.kind()).isEqualTo("SERVER");
                });

        // The outcome's projection hangs, hop by hop, under the request.
        Span outcomeProjected = projection(trace, 3);
        assertThat(path(trace, outcomeProjected))
                .containsExactly(
                        ORDERS + ": http post /orders/{orderid}/process",
                        ORDERS + ": commit",
                        ORDERS + ": publish",
                        ORDERS + ": orders.processing-requests send",
                        PROCESSOR + ": orders.processing-requests receive",
                        PROCESSOR + ": " + BY_PRODUCT,
                        ORDERS + ": orders.processing-results receive",
                        ORDERS + ": commit",
                        ORDERS + ": publish",
                        ORDERS + ": orders.events send",
                        QUERY + ": orders.events receive");
        assertThat(path(trace, projection(trace, 2)))
                .containsExactly(
                        ORDERS + ": http post /orders/{orderid}/process",
                        ORDERS + ": commit",
                        ORDERS + ": publish",
                        ORDERS + ": orders.events send",
                        QUERY + ": orders.events receive");

        Map<String, Span> byId = byId(trace);
        // The stage keyed by product reserves the stock and decides; the stage keyed by order hands it on.
        Span decision = trace.stream()
                .filter(span -> span.is(PROCESSOR, BY_PRODUCT))
                .findFirst()
                .orElseThrow();
        assertThat(decision.kind()).isEqualTo("CONSUMER");
        assertThat(decision.tags()).containsEntry("order.id", orderId).containsEntry("processing.outcome", "approved");
        assertThat(byId.get(decision.parentId()).is(PROCESSOR, "orders.processing-requests receive"))
                .isTrue();
        assertThat(byId.get(byId.get(decision.parentId()).parentId()).kind()).isEqualTo("PRODUCER");
        assertThat(outcomeProjected.kind()).isEqualTo("CONSUMER");
        assertThat(outcomeProjected.tags())
                .containsEntry("order.id", orderId)
                .containsEntry("order.version", "3")
                .containsEntry("event.type", "OrderProcessed")
                .containsKey("projection.batch.size");
        assertThat(trace.stream().filter(span -> span.is(ORDERS, "commit")))
                .extracting(span -> span.tags().get("order.version"))
                .containsExactlyInAnyOrder("2", "3");
        assertThat(trace.stream().filter(span -> span.is(ORDERS, "publish")))
                .hasSize(2)
                .allSatisfy(publish -> assertThat(publish.tags())
                        .containsEntry("order.id", orderId)
                        .containsKeys("order.version", "outbox.lag.ms"));
    }

    @Test
    void aProcessingRequestWithoutTraceHeadersStartsATraceOfItsOwn() throws Exception {
        String orderId = "untraced-" + UUID.randomUUID();
        EventEnvelope request = new EventEnvelope(
                UUID.randomUUID(),
                orderId,
                2,
                Instant.now(),
                "correlation-" + orderId,
                "test",
                new OrderProcessingRequested("c-e2e", "laptop", 1));
        List<String> bootstrapServers =
                pipeline.ordersBean(KafkaConnectionDetails.class).getBootstrapServers();
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers)),
                new StringSerializer(),
                new EventEnvelopeSerializer())) {
            ProducerRecord<String, EventEnvelope> record =
                    new ProducerRecord<>(Topics.PROCESSING_REQUESTS, orderId, request);
            producer.send(record).get();
            assertThat(record.headers().lastHeader("traceparent")).isNull();
        }

        Span decision = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> zipkin.tracesTagged("order.id", orderId).stream()
                                .flatMap(List::stream)
                                .filter(span -> span.is(PROCESSOR, "orders.processing-requests receive"))
                                .findFirst()
                                .orElse(null),
                        Objects::nonNull);

        assertThat(decision.parentId()).as("the processor's span is a root").isNull();
        List<Span> trace = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> zipkin.trace(decision.traceId()),
                        spans -> spans.stream().anyMatch(span -> span.is(PROCESSOR, BY_PRODUCT)));
        assertThat(trace.stream().filter(span -> span.is(PROCESSOR, BY_PRODUCT)))
                .singleElement()
                .extracting(Span::parentId)
                .isEqualTo(decision.id());
        assertEveryParentIsInTheTrace(trace);
    }

    private static boolean hasEveryHopOfProcessing(List<Span> trace) {
        return projection(trace, 2) != null
                && projection(trace, 3) != null
                && trace.stream().anyMatch(span -> span.is(PROCESSOR, "orders.processing-requests receive"))
                && trace.stream().anyMatch(span -> span.is(PROCESSOR, BY_PRODUCT))
                && trace.stream().anyMatch(span -> span.is(ORDERS, "orders.processing-results receive"))
                && trace.stream().filter(span -> span.is(ORDERS, "publish")).count() == 2;
    }

    /** query-service's span of the projection of one version of the order, or null. */
    private static Span projection(List<Span> trace, int version) {
        return trace.stream()
                .filter(span -> span.is(QUERY, "orders.events receive")
                        && Integer.toString(version).equals(span.tags().get("order.version")))
                .findFirst()
                .orElse(null);
    }

    private static Span root(List<Span> trace) {
        return trace.stream()
                .filter(span -> span.parentId() == null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no root span in " + trace));
    }

    /** "service: name" of every span from the root down to {@code leaf}. */
    private static List<String> path(List<Span> trace, Span leaf) {
        Map<String, Span> byId = byId(trace);
        List<String> path = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Span span = leaf; span != null && seen.add(span.id()); span = byId.get(span.parentId())) {
            path.addFirst(span.service() + ": " + span.name());
        }
        return path;
    }

    private static void assertEveryParentIsInTheTrace(List<Span> trace) {
        Map<String, Span> byId = byId(trace);
        assertThat(trace)
                .filteredOn(span -> span.parentId() != null)
                .allSatisfy(span -> assertThat(byId).as("parent of %s", span).containsKey(span.parentId()));
    }

    private static Map<String, Span> byId(List<Span> trace) {
        return trace.stream().collect(Collectors.toMap(Span::id, Function.identity(), (first, second) -> first));
    }
}
