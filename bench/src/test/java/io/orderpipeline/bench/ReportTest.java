package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportTest {

    private static final Latencies.Summary NONE = new Latencies().summary();

    private final Report report = new Report(
            new Report.Environment("Test 25", 2, "Linux", 512, 1.5, Instant.EPOCH, Instant.EPOCH.plusSeconds(90)),
            Map.of("lifecycle-rate", "300"),
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
            new CreateComparison.Result(
                    8,
                    Duration.ofSeconds(30),
                    List.of(
                            new CreateComparison.Run(
                                    "baseline",
                                    1,
                                    30_000,
                                    0,
                                    1000,
                                    new Latencies.Summary(30_000, 5, 8, 10, 20),
                                    cpu(30_000, 1.0),
                                    null),
                            new CreateComparison.Run(
                                    "orders-service",
                                    1,
                                    27_000,
                                    0,
                                    900,
                                    new Latencies.Summary(27_000, 6, 9, 12, 30),
                                    cpu(27_000, 3.4),
                                    null)),
                    1000,
                    900,
                    1.0,
                    3.4),
            new Lifecycle.Result(
                    300,
                    Duration.ofSeconds(60),
                    "long-poll",
                    18_000,
                    18_000,
                    0,
                    298,
                    2.0,
                    new Latencies.Summary(18_000, 5, 20, 40, 80),
                    new Latencies.Summary(18_000, 5, 20, 40, 80),
                    new Latencies.Summary(18_000, 60, 120, 200, 900),
                    Map.of("PROCESSED", 18_000L),
                    null,
                    300,
                    cpu(18_000, 3.9),
                    new CostMeter.RoundTrips(
                            18_000, 10.9, Map.of("insert commits", 3.0, "insert commands", 1.56), 0.05, 0.1, 0.3)),
            new Rebuild.Result(100_000, 10, 10_000, 20_000, 5_000, 100_000),
            Map.of());

    /** CPU of a run: all processes {@code processes} ms per operation, split between two of them. */
    private static CostMeter.Cpu cpu(long operations, double processes) {
        Map<String, Double> perProcess = new LinkedHashMap<>();
        perProcess.put("orders-service", processes / 2);
        perProcess.put("local-stack (Kafka, MongoDB)", processes / 2);
        perProcess.put("postgresql", null);
        Map<String, Double> threads = new LinkedHashMap<>();
        threads.put("http-nio-#-e", processes / 4);
        threads.put("outbox-relay", processes / 8);
        return new CostMeter.Cpu(
                operations, 31.5, perProcess, processes, processes + 0.5, Map.of("orders-service", threads), 1.5, true);
    }

    @Test
    void eachOfTheIssuesTargetsIsJudgedBesideItsFigure() {
        assertThat(report.targets())
                .extracting(Report.Target::met)
                .containsExactly(false, false, true, true, true, false, true, true);
        assertThat(report.targets().getFirst().value()).isEqualTo("3.40 (baseline 1.00)");
        assertThat(report.targets().get(1).value()).isEqualTo("900 (baseline 1000)");
    }

    @Test
    void aFigureThatCouldNotBeMeasuredIsNeitherMetNorMissed() {
        var create = new CreateComparison.Result(8, Duration.ofSeconds(30), List.of(), 1000, 1100, null, null);

        assertThat(create.cpuTargetMet()).isNull();
        assertThat(create.rateTargetMet()).isTrue();
    }

    @Test
    void theCostOfLifecyclesThatDidNotAllFinishIsShownButNotJudged() {
        Lifecycle.Result finished = report.lifecycle();
        Lifecycle.Result failing = new Lifecycle.Result(
                finished.rate(),
                finished.duration(),
                finished.visibility(),
                finished.sent(),
                finished.visible() - 40,
                40,
                finished.throughput(),
                finished.maxSendLagMs(),
                finished.create(),
                finished.process(),
                finished.createToVisible(),
                finished.outcomes(),
                "timed out",
                finished.sustainedPerSecond(),
                finished.cpu(),
                finished.roundTrips());
        Report partial = new Report(
                report.environment(), report.settings(), null, null, null, null, null, failing, null, Map.of());

        assertThat(partial.targets())
                .extracting(Report.Target::met)
                .containsExactly(null, false, false, null, null, null);
        assertThat(partial.targets().get(3).value()).isEqualTo("10.90 (not judged: 40 failed)");
    }

    @Test
    void theRawLimitsStayAsContextBesideTheScenarios() {
        List<Report.Ratio> ratios = report.ratios();

        assertThat(ratios)
                .extracting(Report.Ratio::ratio)
                .satisfiesExactly(
                        create -> assertThat(create).isCloseTo(0.9, within(1e-9)),
                        rebuild -> assertThat(rebuild).isCloseTo(0.5, within(1e-9)),
                        events -> assertThat(events).isCloseTo(298.0 * 3 / 30_000, within(1e-9)),
                        commits -> assertThat(commits).isCloseTo(298.0 * 3 / 1000, within(1e-9)));
        assertThat(ratios).extracting(Report.Ratio::met).containsExactly(null, true, null, null);
    }

    @Test
    void markdownAndJsonCarryTheTargetsTheCostsAndTheMachine() {
        String markdown = ReportFormat.markdown(report);
        JsonNode json = JsonMapper.builder().build().readTree(ReportFormat.json(report));

        assertThat(markdown)
                .contains(
                        "| create: CPU ms per create, all processes incl. downstream work | 3.40 (baseline 1.00) | ≤ 1.0"
                                + " | **not met** |")
                .contains("| lifecycle: p99 create→visible ms | 200.0 | ≤ 250 | met |")
                .contains(
                        "| MongoDB round trips per lifecycle (orders-service's driver) | 10.90 | ≤ 3.5 | **not met** |")
                .contains("| ↳ insert commits | 3.00 | |")
                .contains(
                        "| baseline 1 | 1000 | 0 | 5.00 | 8.00 | 10.00 | 20.0 | 0.50 | 0.50 | n/a | 1.00 | 1.50 | 1.5 |")
                .contains("| 1.95 | 1.95 | n/a | 3.90 | 4.40 | 1.5 |")
                .contains("| orders-service | `http-nio-#-e` 0.98 · `outbox-relay` 0.49 |")
                .contains("| orders-service 1 | orders-service | `http-nio-#-e` 0.85 · `outbox-relay` 0.43 |")
                .contains("2 cores")
                .contains("| MongoDB single inserts (acknowledged) | 1000 | 420 | 4 | yes |")
                .contains("| PostgreSQL batched upserts (500 rows/batch) | 20000 | 15000 | 12 | **no** |")
                .contains(
                        "Warm-up (not recorded): 1190 whole lifecycles in 70 s, 2 failed; the services' JIT compiled 12"
                                + " ms/s at its end (settled: below 25 ms/s).");
        assertThat(json.get("targets").size()).isEqualTo(8);
        assertThat(json.get("targets").get(0).get("met").asBoolean()).isFalse();
        assertThat(json.get("create")
                        .get("runs")
                        .get(1)
                        .get("cpu")
                        .get("cpuMsPerOperation")
                        .get("orders-service")
                        .asDouble())
                .isEqualTo(1.7);
        assertThat(json.get("lifecycle")
                        .get("roundTrips")
                        .get("kafkaTransactions")
                        .asDouble())
                .isEqualTo(0.05);
        assertThat(json.get("mongoInserts").get("windows").get("firstPerSecond").asDouble())
                .isEqualTo(420);
        assertThat(json.get("environment").get("cores").asInt()).isEqualTo(2);
        assertThat(json.get("warmup").get("settled").asBoolean()).isTrue();
    }
}
