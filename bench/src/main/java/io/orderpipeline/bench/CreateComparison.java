package io.orderpipeline.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 1: closed loop, {@code create-connections} clients each sending {@code POST /orders} as soon as the last
 * answer came, for {@code create-duration} a run, alternating the one-insert {@link BaselineService} and
 * orders-service, {@code create-runs} runs each, after a warm-up of the baseline. Each run's CPU counts from its start
 * until the pipeline is quiet again, so the downstream work of each create (outbox, projection, processor) is in it.
 */
final class CreateComparison {

    static final String BASELINE = "baseline";
    static final String ORDERS = "orders-service";

    /**
     * @param side {@link #BASELINE} or {@link #ORDERS}
     * @param creates answered 201
     * @param perSecond creates answered per second of the run
     */
    record Run(
            String side,
            int number,
            long creates,
            long failed,
            double perSecond,
            Latencies.Summary latency,
            CostMeter.Cpu cpu,
            String firstFailure) {}

    /**
     * @param runs in the order they ran
     * @param baselinePerSecond the baseline's creates/s, mean of its runs
     * @param ordersPerSecond orders-service's creates/s, mean of its runs
     * @param ordersCpuMsPerCreate the processes' CPU ms per create of orders-service's runs (all their creates
     *     together), null where /proc is not there
     * @param baselineCpuMsPerCreate the same for the baseline's runs
     */
    record Result(
            int connections,
            Duration duration,
            List<Run> runs,
            double baselinePerSecond,
            double ordersPerSecond,
            Double baselineCpuMsPerCreate,
            Double ordersCpuMsPerCreate) {

        /** The targets: ≤ 1.0 ms CPU per create, and at least the baseline's creates/s. */
        Boolean cpuTargetMet() {
            return ordersCpuMsPerCreate == null ? null : ordersCpuMsPerCreate <= Report.CREATE_CPU_TARGET_MS;
        }

        boolean rateTargetMet() {
            return ordersPerSecond > 0 && ordersPerSecond >= baselinePerSecond;
        }
    }

    private final BenchSettings settings;
    private final PipelineClient client;
    private final AtomicLong orders = new AtomicLong(3_000_000_000L);

    CreateComparison(BenchSettings settings, PipelineClient client) {
        this.settings = settings;
        this.client = client;
    }

    Result run() throws Exception {
        Path log = java.nio.file.Files.createTempFile("bench-baseline-", ".log");
        try (BaselineProcess baseline = BaselineProcess.start(settings, client, log);
                CostMeter meter = new CostMeter(settings, client, Map.of(CostMeter.BASELINE, baseline.pid()))) {
            Bench.progress("create: baseline service up (pid %d, log %s); warming it up", baseline.pid(), log);
            closedLoop(baseline.url(), settings.baselineWarmup());
            List<Run> runs = new ArrayList<>();
            for (int number = 1; number <= settings.createRuns(); number++) {
                runs.add(measured(BASELINE, number, baseline.url(), meter));
                runs.add(measured(ORDERS, number, settings.ordersUrl(), meter));
            }
            return new Result(
                    settings.createConnections(),
                    settings.createDuration(),
                    runs,
                    meanRate(runs, BASELINE),
                    meanRate(runs, ORDERS),
                    cpuPerCreate(runs, BASELINE),
                    cpuPerCreate(runs, ORDERS));
        }
    }

    private Run measured(String side, int number, URI url, CostMeter meter) throws Exception {
        CostMeter.Snapshot before = meter.snapshot();
        Loop loop = closedLoop(url, settings.createDuration());
        long loopEnd = System.nanoTime();
        boolean quiet = meter.awaitQuiet();
        double quietAfter = (System.nanoTime() - loopEnd) / 1e9;
        CostMeter.Snapshot after = meter.snapshot();
        CostMeter.Cpu cpu = meter.cpu(
                before,
                after,
                Math.max(1, loop.creates()),
                quietAfter,
                quiet,
                side.equals(BASELINE) ? CostMeter.BASELINE_AND_STORE : CostMeter.PIPELINE);
        Latencies.Summary latency = loop.latencies().summary();
        Run run = new Run(
                side,
                number,
                loop.creates(),
                loop.failed(),
                loop.creates() / loop.seconds(),
                latency,
                cpu,
                loop.firstFailure());
        Bench.progress(
                "create %s run %d: %.0f/s, p99 %.1f ms, %s ms CPU per create (processes), quiet after %.1f s",
                side,
                number,
                run.perSecond(),
                latency.p99(),
                cpu.processesMsPerOperation() == null ? "n/a" : String.format("%.2f", cpu.processesMsPerOperation()),
                quietAfter);
        return run;
    }

    private record Loop(long creates, long failed, double seconds, Latencies latencies, String firstFailure) {}

    /** {@code create-connections} clients, each sending the next create when the last one is answered. */
    private Loop closedLoop(URI url, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong creates = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < settings.createConnections(); c++) {
                clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        try {
                            client.create(url, orders.incrementAndGet()).join();
                            latencies.recordNanos(System.nanoTime() - sent);
                            creates.incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e.toString());
                        }
                    }
                });
            }
        }
        return new Loop(creates.get(), failed.get(), (System.nanoTime() - start) / 1e9, latencies, firstFailure.get());
    }

    private static double meanRate(List<Run> runs, String side) {
        return runs.stream()
                .filter(run -> run.side().equals(side))
                .mapToDouble(Run::perSecond)
                .average()
                .orElse(0);
    }

    /** CPU of all the side's runs over all their creates: a long run weighs more than a short one. */
    private static Double cpuPerCreate(List<Run> runs, String side) {
        double ms = 0;
        long creates = 0;
        for (Run run : runs) {
            if (!run.side().equals(side)) {
                continue;
            }
            if (run.cpu().processesMsPerOperation() == null) {
                return null;
            }
            ms += run.cpu().processesMsPerOperation() * run.cpu().operations();
            creates += run.cpu().operations();
        }
        return creates == 0 ? null : ms / creates;
    }
}
