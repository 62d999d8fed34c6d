package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportTest {

    private static final Latencies.Summary NONE = new Latencies().summary();

    private final Report report = new Report(
            new Report.Environment("Test 25", 2, "Linux", 512, 1.5, Instant.EPOCH, Instant.EPOCH.plusSeconds(90)),
            Map.of("lifecycle-rate", "500"),
            new Report.Warmup(1200, 1190, 2, Duration.ofSeconds(70), 12.4),
            new RawLimits.Limit(
                    "MongoDB single inserts (acknowledged)",
                    1000,
                    10_000,
                    400,
                    NONE,
                    new RawLimits.Windows(4, 420, true)),
            new RawLimits.Limit(
                    "Kafka produce (acks=all, idempotent)",
                    30_000,
                    300_000,
                    350,
                    NONE,
                    new RawLimits.Windows(3, 20_000, true)),
            new RawLimits.Limit(
                    "PostgreSQL batched upserts (500 rows/batch)",
                    20_000,
                    200_000,
                    100,
                    NONE,
                    new RawLimits.Windows(12, 15_000, false)),
            new CreateThroughput.Result(
                    List.of(new CreateThroughput.Step(
                            600, 590, 6000, 6000, 0, new Latencies.Summary(6000, 5, 20, 40, 80), 1.0, true, null)),
                    600,
                    590,
                    50),
            new Lifecycle.Result(
                    500,
                    Duration.ofSeconds(60),
                    "long-poll",
                    30_000,
                    30_000,
                    0,
                    400,
                    2.0,
                    new Latencies.Summary(30_000, 5, 20, 40, 80),
                    new Latencies.Summary(30_000, 5, 20, 40, 80),
                    new Latencies.Summary(30_000, 60, 120, 200, 900),
                    Map.of("PROCESSED", 30_000L),
                    null),
            new Rebuild.Result(100_000, 10, 10_000, 20_000, 5_000, 100_000),
            Map.of());

    @Test
    void eachScenarioStandsBesideItsLimitWithTheTargetsJudged() {
        List<Report.Ratio> ratios = report.ratios();

        assertThat(ratios)
                .extracting(Report.Ratio::ratio)
                .satisfiesExactly(
                        create -> assertThat(create).isCloseTo(0.59, within(1e-9)),
                        rebuild -> assertThat(rebuild).isCloseTo(0.5, within(1e-9)),
                        events -> assertThat(events).isCloseTo(1200.0 / 30_000, within(1e-9)),
                        commits -> assertThat(commits).isCloseTo(1.2, within(1e-9)));
        assertThat(ratios).extracting(Report.Ratio::met).containsExactly(true, true, null, null);
        assertThat(report.lifecycleTargetMet()).isFalse();
    }

    @Test
    void markdownAndJsonCarryTheRatiosAndTheMachine() {
        String markdown = ReportFormat.markdown(report);
        JsonNode json = JsonMapper.builder().build().readTree(ReportFormat.json(report));

        assertThat(markdown)
                .contains("| 0.59 | ≥ 0.50 | yes |")
                .contains("create→visible")
                .contains("| 200.0 | target | 150 | – | ≤ 150 ms | **no** |")
                .contains("2 cores")
                .contains("| MongoDB single inserts (acknowledged) | 1000 | 420 | 4 | yes |")
                .contains("| PostgreSQL batched upserts (500 rows/batch) | 20000 | 15000 | 12 | **no** |")
                .contains(
                        "Warm-up (not recorded): 1190 whole lifecycles in 70 s, 2 failed; the services' JIT compiled 12"
                                + " ms/s at its end (settled: below 25 ms/s).");
        assertThat(json.get("ratios").get(0).get("ratio").asDouble()).isCloseTo(0.59, within(1e-9));
        assertThat(json.get("lifecycleTargetMet").asBoolean()).isFalse();
        assertThat(json.get("mongoInserts").get("windows").get("firstPerSecond").asDouble())
                .isEqualTo(420);
        assertThat(json.get("environment").get("cores").asInt()).isEqualTo(2);
        assertThat(json.get("warmup").get("settled").asBoolean()).isTrue();
    }
}
