package io.orderpipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
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
        root.set("targets", JSON.valueToTree(report.targets()));
        root.set("ratios", JSON.valueToTree(report.ratios()));
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

        List<Report.Target> targets = report.targets();
        if (!targets.isEmpty()) {
            md.append("### Issue 15's targets\n\n");
            md.append("| figure | measured | target | met |\n");
            md.append("|---|---:|---:|---|\n");
            for (Report.Target target : targets) {
                md.append("| ")
                        .append(target.figure())
                        .append(" | ")
                        .append(target.value())
                        .append(" | ")
                        .append(target.target())
                        .append(" | ")
                        .append(target.met() == null ? "n/a" : target.met() ? "met" : "**not met**")
                        .append(" |\n");
            }
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
            create(md, report.create());
        }
        if (report.lifecycle() != null) {
            lifecycle(md, report.lifecycle());
        }

        if (!report.ratios().isEmpty()) {
            md.append("\n### Context: scenarios beside the raw limits\n\n");
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
        }

        if (report.mongoInserts() != null || report.kafkaProduce() != null || report.postgresUpserts() != null) {
            rawLimits(md, report);
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

    private static void rawLimits(StringBuilder md, Report report) {
        md.append("\n### Context: raw limits of the stores\n\n");
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
    }

    private static void create(StringBuilder md, CreateComparison.Result create) {
        md.append(String.format(
                Locale.ROOT,
                "%n### Create: closed loop, %d connections, %d s a run, baseline and orders-service alternating%n%n"
                        + "Creates/s: orders-service %.0f, baseline %.0f. CPU ms per create of the side's processes"
                        + " (from the run's start until the pipeline was quiet, so the downstream work is in it):"
                        + " orders-service %s, baseline %s. The side's processes of orders-service are every process"
                        + " of the stack; of the baseline, the baseline and local-stack (its MongoDB). `machine` is every"
                        + " core's busy time, the bench and anything else on the machine included.%n%n",
                create.connections(),
                create.duration().toSeconds(),
                create.ordersPerSecond(),
                create.baselinePerSecond(),
                ms(create.ordersCpuMsPerCreate()),
                ms(create.baselineCpuMsPerCreate())));
        List<String> processes = create.runs().stream()
                .flatMap(run -> run.cpu().cpuMsPerOperation().keySet().stream())
                .distinct()
                .toList();
        md.append("| run | creates/s | failed | p50 ms | p95 ms | p99 ms | max ms |");
        processes.forEach(
                process -> md.append(" CPU ms/create ").append(process).append(" |"));
        md.append(" side's processes | machine | quiet after s |\n|---|");
        md.append("---:|".repeat(6 + processes.size() + 3)).append("\n");
        for (CreateComparison.Run run : create.runs()) {
            Latencies.Summary l = run.latency();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s %d | %.0f | %d | %.2f | %.2f | %.2f | %.1f |",
                    run.side(),
                    run.number(),
                    run.perSecond(),
                    run.failed(),
                    l.p50(),
                    l.p95(),
                    l.p99(),
                    l.max()));
            cpuCells(md, run.cpu(), processes);
            md.append("\n");
        }
        List<CreateComparison.Run> lastOfEachSide = create.runs().stream()
                .collect(java.util.stream.Collectors.toMap(
                        CreateComparison.Run::side, run -> run, (first, later) -> later, LinkedHashMap::new))
                .values()
                .stream()
                .toList();
        if (!lastOfEachSide.isEmpty()) {
            md.append("\nCPU ms per create by thread, last run of each side").append(THREADS_NOTE);
            md.append("| run | process | threads |\n|---|---|---|\n");
            lastOfEachSide.forEach(run -> threadRows(md, run.side() + " " + run.number() + " | ", run.cpu()));
        }
        create.runs().stream()
                .filter(run -> run.firstFailure() != null)
                .findFirst()
                .ifPresent(run -> md.append("\nFirst failure, ")
                        .append(run.side())
                        .append(" run ")
                        .append(run.number())
                        .append(": `")
                        .append(run.firstFailure())
                        .append("`\n"));
    }

    private static void lifecycle(StringBuilder md, Lifecycle.Result lifecycle) {
        md.append(String.format(
                Locale.ROOT,
                "%n### Lifecycle at %d orders/s for %d s (visibility: %s): %d sent, %d visible (%s), %d failed,"
                        + " %.0f lifecycles/s sustained, generator send lag max %.1f ms%n%n",
                lifecycle.rate(),
                lifecycle.duration().toSeconds(),
                lifecycle.visibility(),
                lifecycle.sent(),
                lifecycle.visible(),
                lifecycle.outcomes(),
                lifecycle.failed(),
                lifecycle.sustainedPerSecond(),
                lifecycle.maxSendLagMs()));
        md.append("| latency | count | p50 ms | p95 ms | p99 ms | max ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        latencyRow(md, "create (from due time)", lifecycle.create());
        latencyRow(md, "process (from send)", lifecycle.process());
        latencyRow(md, "create→visible (from due time)", lifecycle.createToVisible());
        if (lifecycle.firstFailure() != null) {
            md.append("\nFirst failure: `").append(lifecycle.firstFailure()).append("`\n");
        }
        CostMeter.Cpu cpu = lifecycle.cpu();
        if (cpu != null) {
            List<String> processes = List.copyOf(cpu.cpuMsPerOperation().keySet());
            md.append("\nCPU ms per lifecycle, from the first order until the pipeline was quiet:\n\n|");
            processes.forEach(process -> md.append(" ").append(process).append(" |"));
            md.append(" pipeline | machine | quiet after s |\n|");
            md.append("---:|".repeat(processes.size() + 3)).append("\n|");
            cpuCells(md, cpu, processes);
            md.append("\n");
            if (!cpu.threadsMsPerOperation().isEmpty()) {
                md.append("\nCPU ms per lifecycle by thread").append(THREADS_NOTE);
                md.append("| process | threads |\n|---|---|\n");
                threadRows(md, "", cpu);
            }
        }
        CostMeter.RoundTrips trips = lifecycle.roundTrips();
        if (trips != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "%nRound trips per lifecycle (%d lifecycles), from the services' metrics and the stores:%n%n",
                    trips.lifecycles()));
            md.append("| round trips | per lifecycle | target |\n|---|---:|---:|\n");
            md.append(String.format(
                    Locale.ROOT,
                    "| MongoDB commands of orders-service (`%s`) | %.2f | ≤ %s |%n",
                    CostMeter.MONGODB_COMMANDS,
                    trips.mongodb(),
                    Report.MONGODB_ROUND_TRIPS_TARGET));
            trips.mongodbByCommand()
                    .forEach((command, perLifecycle) ->
                            md.append(String.format(Locale.ROOT, "| ↳ %s | %.2f | |%n", command, perLifecycle)));
            md.append(String.format(
                    Locale.ROOT,
                    "| Kafka transactions (commit and abort markers in `%s`) | %s | ≤ %s |%n",
                    TransactionMarkers.OFFSETS_TOPIC,
                    trips.kafkaTransactions() == null
                            ? "n/a"
                            : String.format(Locale.ROOT, "%.3f", trips.kafkaTransactions()),
                    Report.KAFKA_TRANSACTIONS_TARGET));
            md.append(String.format(
                    Locale.ROOT,
                    "| PostgreSQL transactions of query-service (`%s`) | %.3f | ≤ %s |%n",
                    CostMeter.PROJECTION_BATCHES,
                    trips.postgresTransactions(),
                    Report.POSTGRES_TRANSACTIONS_TARGET));
            md.append(String.format(
                    Locale.ROOT,
                    "| PostgreSQL `pg_stat_database.xact_commit`, every client (context) | %s | – |%n",
                    trips.postgresCommits() == null
                            ? "n/a"
                            : String.format(Locale.ROOT, "%.3f", trips.postgresCommits())));
        }
    }

    /** The busiest threads of each JVM a row is given for. */
    static final int THREADS_PER_PROCESS = 8;

    private static final String THREADS_NOTE = " (the kernel keeps 15 characters of a thread's name; digits are"
            + " folded to `#`, so a pool's threads add up; the " + THREADS_PER_PROCESS + " busiest of each JVM):\n\n";

    /** A row per JVM: its busiest threads with their CPU ms per operation; {@code prefix} opens each row. */
    private static void threadRows(StringBuilder md, String prefix, CostMeter.Cpu cpu) {
        cpu.threadsMsPerOperation().forEach((process, threads) -> {
            md.append("| ").append(prefix).append(process).append(" | ");
            md.append(threads.entrySet().stream()
                    .limit(THREADS_PER_PROCESS)
                    .map(thread -> String.format(Locale.ROOT, "`%s` %.2f", thread.getKey(), thread.getValue()))
                    .collect(java.util.stream.Collectors.joining(" · ")));
            md.append(" |\n");
        });
    }

    /** One cell per process (n/a where /proc had no such process), then their sum, the machine, the wait. */
    private static void cpuCells(StringBuilder md, CostMeter.Cpu cpu, List<String> processes) {
        for (String process : processes) {
            md.append(" ").append(ms(cpu.cpuMsPerOperation().get(process))).append(" |");
        }
        md.append(" ")
                .append(ms(cpu.processesMsPerOperation()))
                .append(" | ")
                .append(ms(cpu.machineMsPerOperation()))
                .append(String.format(
                        Locale.ROOT, " | %.1f%s |", cpu.quietAfterSeconds(), cpu.quiet() ? "" : " (not quiet)"));
    }

    private static String ms(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
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
