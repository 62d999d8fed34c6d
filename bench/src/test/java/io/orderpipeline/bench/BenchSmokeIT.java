package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.e2e.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny run of every scenario against the three services in this JVM on the real infrastructure of the switch, and the
 * baseline service as a JVM of its own, so the bench cannot rot. It checks that the report is sane (counts, ordered
 * percentiles, CPU and round trips measured, every target and ratio computed, the files written), never how fast or
 * cheap anything was: this machine's speed is not a test result.
 */
class BenchSmokeIT {

    private static final String ADMIN_TOKEN = "smoke-admin-token";
    private static final int REBUILD_EVENTS = 600;

    private static Pipeline pipeline;

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.start("--spring.mongodb.database=bench-smoke", "--query.admin.token=" + ADMIN_TOKEN);
    }

    @AfterAll
    static void stopPipeline() {
        pipeline.close();
    }

    @Test
    void everyScenarioReportsSaneNumbersBesideItsRawLimit(@TempDir Path results) throws Exception {
        JdbcConnectionDetails postgres = pipeline.queryBean(JdbcConnectionDetails.class);
        BenchSettings settings = BenchSettings.parse(
                new String[] {
                    "--orders-url=" + pipeline.ordersUrl(),
                    "--query-url=" + pipeline.queryUrl(),
                    "--processor-url=" + pipeline.processorUrl(),
                    "--kafka-bootstrap-servers="
                            + String.join(
                                    ",",
                                    pipeline.ordersBean(KafkaConnectionDetails.class)
                                            .getBootstrapServers()),
                    "--mongodb-uri="
                            + pipeline.ordersBean(MongoConnectionDetails.class).getConnectionString(),
                    "--postgres-url=" + postgres.getJdbcUrl(),
                    "--postgres-user=" + postgres.getUsername(),
                    "--postgres-password=" + postgres.getPassword(),
                    "--admin-token=" + ADMIN_TOKEN,
                    "--scenarios=raw,create,lifecycle,rebuild",
                    "--create-connections=2",
                    "--create-duration=2s",
                    "--create-runs=1",
                    "--baseline-warmup=1s",
                    "--quiet-timeout=30s",
                    "--warmup=2s",
                    "--warmup-max=4s",
                    "--warmup-concurrency=2",
                    "--lifecycle-rate=20",
                    "--lifecycle-duration=3s",
                    "--raw-duration=1s",
                    // Two windows at most: enough to show the best one is reported.
                    "--raw-max=1500ms",
                    "--raw-threads=2",
                    "--upsert-batch-size=50",
                    "--rebuild-events=" + REBUILD_EVENTS,
                    "--rebuild-timeout=60s",
                    "--results-dir=" + results
                },
                Map.of());

        Report report = Bench.run(settings);
        Bench.publish(report, settings);

        assertThat(report.failures()).isEmpty();
        for (RawLimits.Limit limit : List.of(report.mongoInserts(), report.kafkaProduce(), report.postgresUpserts())) {
            assertThat(limit.operations()).as(limit.what()).isPositive();
            assertThat(limit.perSecond()).as(limit.what()).isPositive();
            assertThat(limit.messageBytes()).as(limit.what()).isPositive();
            assertThat(limit.windows().count()).as(limit.what()).isBetween(1, 2);
            assertThat(limit.perSecond())
                    .as(limit.what())
                    .isGreaterThanOrEqualTo(limit.windows().firstPerSecond());
        }
        assertThat(report.mongoInserts().latency().ordered()).isTrue();

        assertThat(report.warmup().completed()).isPositive();
        assertThat(report.warmup().failed()).isZero();
        // The services' compile time was read (from their /actuator/prometheus) and has a rate.
        assertThat(report.warmup().compileMsPerSecond()).isNotNull().isNotNegative();

        CreateComparison.Result create = report.create();
        assertThat(create.runs())
                .extracting(CreateComparison.Run::side)
                .containsExactly(CreateComparison.BASELINE, CreateComparison.ORDERS);
        assertThat(create.runs()).allSatisfy(run -> {
            assertThat(run.creates()).isPositive();
            assertThat(run.failed()).isZero();
            assertThat(run.latency().count()).isEqualTo(run.creates());
            assertThat(run.latency().ordered()).isTrue();
            assertThat(run.cpu().quiet()).isTrue();
        });
        assertThat(create.baselinePerSecond()).isPositive();
        assertThat(create.ordersPerSecond()).isPositive();
        if (Files.isReadable(Path.of("/proc/self/stat"))) {
            // The baseline is a JVM of its own, found by its pid; the services share this JVM, found by their ports.
            CostMeter.Cpu baseline = create.runs().getFirst().cpu();
            assertThat(baseline.cpuMsPerOperation().get(CostMeter.BASELINE)).isNotNull();
            assertThat(baseline.cpuMsPerOperation().keySet())
                    .anySatisfy(name -> assertThat(name).contains("orders-service", "query-service"));
            assertThat(baseline.processesMsPerOperation()).isPositive();
            assertThat(baseline.machineMsPerOperation()).isPositive();
            assertThat(create.ordersCpuMsPerCreate()).isPositive();
        }

        Lifecycle.Result lifecycle = report.lifecycle();
        assertThat(lifecycle.sent()).isEqualTo(60);
        assertThat(lifecycle.sustainedPerSecond()).isPositive();
        // Every lifecycle writes to MongoDB, runs the processor's Kafka transaction and lands in PostgreSQL.
        CostMeter.RoundTrips trips = lifecycle.roundTrips();
        assertThat(trips.lifecycles()).isEqualTo(60);
        assertThat(trips.mongodb()).isPositive();
        assertThat(trips.mongodbByCommand().keySet())
                .anySatisfy(command -> assertThat(command).startsWith("insert"));
        assertThat(trips.kafkaTransactions()).isPositive();
        assertThat(trips.postgresTransactions()).isPositive();
        assertThat(lifecycle.cpu().quiet()).isTrue();
        assertThat(lifecycle.visible())
                .isEqualTo(lifecycle.sent() - lifecycle.failed())
                .isPositive();
        assertThat(lifecycle.outcomes()).containsKey("PROCESSED");
        assertThat(List.of(lifecycle.create(), lifecycle.process(), lifecycle.createToVisible()))
                .allSatisfy(latency -> assertThat(latency.ordered()).isTrue());
        // Visible counts from the same due time as the create, and comes after it.
        assertThat(lifecycle.createToVisible().p50())
                .isGreaterThanOrEqualTo(lifecycle.create().p50());

        assertThat(report.rebuild().events()).isGreaterThanOrEqualTo(REBUILD_EVENTS);
        assertThat(report.rebuild().eventsPerSecond()).isPositive();

        assertThat(report.ratios())
                .hasSize(4)
                .allSatisfy(ratio -> assertThat(ratio.ratio()).isPositive().isFinite());
        assertThat(report.targets()).hasSize(8);

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(results.resolve("latest.json")));
        assertThat(json.get("targets").size()).isEqualTo(8);
        assertThat(json.get("ratios").size()).isEqualTo(4);
        assertThat(json.get("environment").get("cores").asInt()).isPositive();
        assertThat(Files.readString(results.resolve("latest.md")))
                .contains(
                        "Issue 15's targets",
                        "Create: closed loop",
                        "baseline 1",
                        "Round trips per lifecycle",
                        "create→visible",
                        "raw limits",
                        "Rebuild:");
    }
}
