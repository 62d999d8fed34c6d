package io.orderpipeline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the selected scenarios against running services and the raw limits of their stores, in this order: raw
 * limits first (on an idle pipeline), a warm-up, the closed-loop create beside a one-insert baseline, the open-loop
 * lifecycle, then the rebuild (which replays everything the earlier scenarios wrote). Prints the report, with issue 15's
 * targets beside each figure, and writes it under {@code results-dir}.
 *
 * <p>Exit code 0 when every selected scenario ran (whether or not the targets were met), 1 when one failed, 2 on bad
 * settings.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("Settings (--name=value, or BENCH_NAME=value), with their defaults:");
            BenchSettings.DEFAULTS.forEach((name, value) -> System.err.printf("  --%s=%s%n", name, value));
            System.exit(2);
            return;
        }
        Report report = run(settings);
        publish(report, settings);
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    /** Prints the report and writes it under {@code results-dir}. */
    static void publish(Report report, BenchSettings settings) throws IOException {
        System.out.println();
        System.out.println(ReportFormat.markdown(report));
        for (Path file : ReportFormat.write(report, settings.resultsDir())) {
            System.out.println("wrote " + file);
        }
    }

    static Report run(BenchSettings settings) throws InterruptedException {
        Instant started = Instant.now();
        double load = loadAverage();
        Samples samples = new Samples(settings);
        RawLimits raw = new RawLimits(settings, samples);
        Map<String, String> failures = new LinkedHashMap<>();
        RawLimits.Limit mongo = null;
        RawLimits.Limit kafka = null;
        RawLimits.Limit postgres = null;
        Report.Warmup warmup = null;
        CreateComparison.Result create = null;
        Lifecycle.Result lifecycle = null;
        Rebuild.Result rebuild = null;
        try (PipelineClient client = new PipelineClient(settings)) {
            if (settings.scenarios().contains(BenchSettings.Scenario.RAW)) {
                mongo = attempt("raw mongodb", failures, raw::mongoInserts);
                kafka = attempt("raw kafka", failures, raw::kafkaProduce);
                postgres = attempt("raw postgresql", failures, raw::postgresUpserts);
            }
            if (settings.scenarios().contains(BenchSettings.Scenario.CREATE)
                    || settings.scenarios().contains(BenchSettings.Scenario.LIFECYCLE)) {
                JitActivity jit = new JitActivity(
                        client, List.of(settings.ordersUrl(), settings.queryUrl(), settings.processorUrl()));
                warmup = attempt("warm-up", failures, () -> Warmup.run(settings, client, jit));
            }
            if (settings.scenarios().contains(BenchSettings.Scenario.CREATE)) {
                create = attempt("create", failures, () -> new CreateComparison(settings, client).run());
            }
            if (settings.scenarios().contains(BenchSettings.Scenario.LIFECYCLE)) {
                lifecycle = attempt("lifecycle", failures, () -> new Lifecycle(settings, client).run());
            }
            if (settings.scenarios().contains(BenchSettings.Scenario.REBUILD)) {
                rebuild = attempt("rebuild", failures, () -> new Rebuild(settings, client, raw, samples).run());
            }
        }
        Runtime runtime = Runtime.getRuntime();
        var environment = new Report.Environment(
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                runtime.availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                runtime.maxMemory() / (1024 * 1024),
                load,
                started.truncatedTo(ChronoUnit.SECONDS),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return new Report(
                environment, settings.describe(), warmup, mongo, kafka, postgres, create, lifecycle, rebuild, failures);
    }

    private interface Measurement<T> {
        T run() throws Exception;
    }

    /** A failed scenario is reported, and the others still run: one broken store should not hide the rest. */
    private static <T> T attempt(String name, Map<String, String> failures, Measurement<T> measurement)
            throws InterruptedException {
        progress("%s…", name);
        try {
            return measurement.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failures.put(name, e.toString());
            progress("%s failed: %s", name, e);
            return null;
        }
    }

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    static void progress(String format, Object... args) {
        System.out.printf("[%s] %s%n", CLOCK.format(Instant.now()), String.format(format, args));
    }

    /** The 1-minute load average, -1 where the platform does not tell. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
