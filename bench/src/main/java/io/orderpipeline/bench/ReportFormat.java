package io.orderpipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The report as Markdown (also the console table) and JSON, and the files under {@code results-dir}. */
final class ReportFormat {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final DateTimeFormatter FILE_NAME =
            DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ReportFormat() {}

    /** Writes {@code <timestamp>.md}, {@code <timestamp>.json}, {@code latest.md} and {@code latest.json}. */
    static List<Path> write(Report report, Path directory) throws IOException {
        Files.createDirectories(directory);
        String name = FILE_NAME.format(report.environment().startedAt());
        String markdown = markdown(report);
        String json = json(report);
        List<Path> files = List.of(
                directory.resolve(name + ".md"),
                directory.resolve(name + ".json"),
                directory.resolve("latest.md"),
                directory.resolve("latest.json"));
        Files.writeString(files.get(0), markdown);
        Files.writeString(files.get(1), json);
        Files.writeString(files.get(2), markdown);
        Files.writeString(files.get(3), json);
        return files;
    }

    static String json(Report report) {
        ObjectNode root = JSON.valueToTree(report);
        root.set("ratios", JSON.valueToTree(report.ratios()));
        root.put("lifecycleTargetMet", report.lifecycleTargetMet());
        return JSON.writeValueAsString(root) + "\n";
    }

    static String markdown(Report report) {
        StringBuilder md = new StringBuilder();
        Report.Environment env = report.environment();
        md.append("## Bench run ").append(env.startedAt()).append("\n\n");
        md.append(String.format(
                Locale.ROOT,
                "JDK %s · %d cores · %s · max heap %d MB · load average at start %.2f · took %d s%n%n",
                env.jdk(),
                env.cores(),
                env.os(),
                env.maxHeapMb(),
                env.loadAverage(),
                java.time.Duration.between(env.startedAt(), env.finishedAt()).toSeconds()));

        md.append("### Scenarios beside their raw limits\n\n");
        md.append("| scenario | value | raw limit | limit | ratio | target | met |\n");
        md.append("|---|---:|---|---:|---:|---:|---|\n");
        for (Report.Ratio ratio : report.ratios()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %s | %.0f | %.2f | %s | %s |%n",
                    ratio.scenario(),
                    ratio.value(),
                    ratio.limit(),
                    ratio.limitValue(),
                    ratio.ratio(),
                    ratio.target() == null ? "–" : String.format(Locale.ROOT, "≥ %.2f", ratio.target()),
                    ratio.met() == null ? "–" : ratio.met() ? "yes" : "**no**"));
        }
        if (report.lifecycle() != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "| lifecycle p99 create→visible at %d orders/s (ms) | %.1f | target | %.0f | – | ≤ %.0f ms | %s |%n",
                    report.lifecycle().rate(),
                    report.lifecycle().createToVisible().p99(),
                    Report.LIFECYCLE_P99_TARGET_MS,
                    Report.LIFECYCLE_P99_TARGET_MS,
                    report.lifecycleTargetMet() ? "yes" : "**no**"));
        }

        md.append("\n### Raw limits\n\n");
        md.append("| store | per second (best window) | first window | windows | steady | operations | message bytes"
                + " | p50 ms | p99 ms | max ms |\n");
        md.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (RawLimits.Limit limit : java.util.stream.Stream.of(
                        report.mongoInserts(), report.kafkaProduce(), report.postgresUpserts())
                .filter(java.util.Objects::nonNull)
                .toList()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.0f | %d | %s | %d | %d | %s | %s | %s |%n",
                    limit.what(),
                    limit.perSecond(),
                    limit.windows().firstPerSecond(),
                    limit.windows().count(),
                    limit.windows().steady() ? "yes" : "**no**",
                    limit.operations(),
                    limit.messageBytes(),
                    ms(limit.latency().count(), limit.latency().p50()),
                    ms(limit.latency().count(), limit.latency().p99()),
                    ms(limit.latency().count(), limit.latency().max())));
        }

        if (report.warmup() != null) {
            Report.Warmup warmup = report.warmup();
            md.append(String.format(
                    Locale.ROOT,
                    "%nWarm-up (not recorded): %d whole lifecycles in %d s, %d failed; %s.%n",
                    warmup.completed(),
                    warmup.took().toSeconds(),
                    warmup.failed(),
                    jit(warmup)));
        }

        if (report.create() != null) {
            CreateThroughput.Result create = report.create();
            md.append(String.format(
                    Locale.ROOT,
                    "%n### Create throughput (open loop, p99 target < %.0f ms): best %d/s offered, %.0f/s answered%n%n",
                    create.latencyTargetMs(),
                    create.bestRate(),
                    create.bestThroughput()));
            md.append(
                    "| offered/s | answered/s | sent | failed | p50 ms | p95 ms | p99 ms | max ms | send lag ms | within |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (CreateThroughput.Step step : create.steps()) {
                Latencies.Summary l = step.latency();
                md.append(String.format(
                        Locale.ROOT,
                        "| %d | %.0f | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n",
                        step.rate(),
                        step.throughput(),
                        step.sent(),
                        step.failed(),
                        l.p50(),
                        l.p95(),
                        l.p99(),
                        l.max(),
                        step.maxSendLagMs(),
                        step.withinTarget() ? "yes" : "no"));
            }
        }

        if (report.create() != null) {
            report.create().steps().stream()
                    .filter(step -> step.firstFailure() != null)
                    .findFirst()
                    .ifPresent(step -> md.append("\nFirst failure, at ")
                            .append(step.rate())
                            .append("/s: `")
                            .append(step.firstFailure())
                            .append("`\n"));
        }

        if (report.lifecycle() != null) {
            Lifecycle.Result lifecycle = report.lifecycle();
            md.append(String.format(
                    Locale.ROOT,
                    "%n### Lifecycle at %d orders/s for %d s (visibility: %s): %d sent, %d visible (%s), %d failed,"
                            + " %.0f orders/s, generator send lag max %.1f ms%n%n",
                    lifecycle.rate(),
                    lifecycle.duration().toSeconds(),
                    lifecycle.visibility(),
                    lifecycle.sent(),
                    lifecycle.visible(),
                    lifecycle.outcomes(),
                    lifecycle.failed(),
                    lifecycle.throughput(),
                    lifecycle.maxSendLagMs()));
            md.append("| latency | count | p50 ms | p95 ms | p99 ms | max ms |\n");
            md.append("|---|---:|---:|---:|---:|---:|\n");
            latencyRow(md, "create (from due time)", lifecycle.create());
            latencyRow(md, "process (from send)", lifecycle.process());
            latencyRow(md, "create→visible (from due time)", lifecycle.createToVisible());
            if (lifecycle.firstFailure() != null) {
                md.append("\nFirst failure: `").append(lifecycle.firstFailure()).append("`\n");
            }
        }

        if (report.rebuild() != null) {
            Rebuild.Result rebuild = report.rebuild();
            md.append(String.format(
                    Locale.ROOT,
                    "%n### Rebuild: %d events in %.1f s = %.0f events/s (%d of them produced straight to Kafka by"
                            + " the bench)%n",
                    rebuild.events(),
                    rebuild.seconds(),
                    rebuild.eventsPerSecond(),
                    rebuild.producedDirectly()));
            if (rebuild.producedDirectly() > 0) {
                md.append(String.format(
                        Locale.ROOT,
                        "%nThe live projection absorbed those at %.0f events/s (from the first send to zero lag).%n",
                        rebuild.liveCatchUpPerSecond()));
            }
        }

        if (!report.failures().isEmpty()) {
            md.append("\n### Failures\n\n");
            report.failures()
                    .forEach((scenario, failure) -> md.append("* ")
                            .append(scenario)
                            .append(": `")
                            .append(failure)
                            .append("`\n"));
        }

        md.append("\n<details><summary>Settings</summary>\n\n");
        for (Map.Entry<String, String> setting : report.settings().entrySet()) {
            md.append("* `")
                    .append(setting.getKey())
                    .append("` = `")
                    .append(setting.getValue())
                    .append("`\n");
        }
        md.append("\n</details>\n");
        return md.toString();
    }

    private static void latencyRow(StringBuilder md, String name, Latencies.Summary l) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
                name,
                l.count(),
                l.p50(),
                l.p95(),
                l.p99(),
                l.max()));
    }

    /** Whether the warm-up ended with the JIT settled, as measured by {@link JitActivity}. */
    private static String jit(Report.Warmup warmup) {
        if (warmup.compileMsPerSecond() == null) {
            return "the services do not publish their JIT compile time, so it lasted `warmup`";
        }
        return String.format(
                Locale.ROOT,
                "the services' JIT compiled %.0f ms/s at its end (%s)",
                warmup.compileMsPerSecond(),
                warmup.settled()
                        ? String.format(Locale.ROOT, "settled: below %.0f ms/s", Warmup.SETTLED_MS_PER_SECOND)
                        : "**not settled** when `warmup-max` ran out: the scenarios below include JIT work");
    }

    private static String ms(long count, double value) {
        return count == 0 ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }
}
