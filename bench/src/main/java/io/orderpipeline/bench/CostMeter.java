package io.orderpipeline.bench;

import com.mongodb.ConnectionString;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a scenario cost: CPU per operation of each process of the stack (from /proc, see {@link ProcessCpu}) and of the
 * machine, and round trips per lifecycle to each store, from deltas of the services' own driver metrics and of the
 * stores' counters between two {@link Snapshot}s. The second snapshot is taken once the pipeline is quiet again (see
 * {@link #awaitQuiet}), so the downstream work each operation caused is in it.
 */
final class CostMeter implements AutoCloseable {

    /** The bench's own JVM: measured, but not part of what the pipeline costs. */
    static final String BENCH = "bench";

    static final String BASELINE = "baseline";
    static final String LOCAL_STACK = "local-stack (Kafka, MongoDB)";

    /** What a create or lifecycle of the pipeline costs: every process but the bench and the idle baseline. */
    static final Predicate<String> PIPELINE = name -> !name.equals(BENCH) && !name.equals(BASELINE);

    /** What a create of the baseline costs: the baseline and its MongoDB; the idle services do nothing for it. */
    static final Predicate<String> BASELINE_AND_STORE = name -> name.equals(BASELINE) || name.equals(LOCAL_STACK);

    static final String MONGODB_COMMANDS = "mongodb_driver_commands_seconds_count";
    static final String PROJECTION_BATCHES = "query_projection_batch_duration_seconds_count";
    static final String OUTBOX_BACKLOG = "orders_outbox_backlog";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration QUIET_NOTE = Duration.ofSeconds(5);

    /**
     * @param cpuMsPerOperation CPU ms per operation of each process found ({@code null}: n/a, not measurable here)
     * @param processesMsPerOperation the processes that do the operation's work ({@link #PIPELINE} or {@link
     *     #BASELINE_AND_STORE}): what it costs
     * @param machineMsPerOperation every core's busy time (includes the bench and anything else on the machine)
     * @param threadsMsPerOperation CPU ms per operation of each JVM's threads by name, the busiest first
     * @param quiet whether the pipeline was quiet (projection lag 0, outbox backlog 0, consumers at the end) when
     *     the window closed; {@code false} if {@code quiet-timeout} ran out first
     */
    record Cpu(
            long operations,
            double seconds,
            Map<String, Double> cpuMsPerOperation,
            Double processesMsPerOperation,
            Double machineMsPerOperation,
            Map<String, Map<String, Double>> threadsMsPerOperation,
            double quietAfterSeconds,
            boolean quiet) {}

    /**
     * Round trips per lifecycle.
     *
     * @param mongodbByCommand orders-service's MongoDB commands per lifecycle by command name and collection
     *     ({@code "insert commits"})
     * @param kafkaTransactions commit and abort markers per lifecycle (see {@link TransactionMarkers}); null if not read
     * @param postgresTransactions query-service's projection transactions per lifecycle
     * @param postgresCommits {@code pg_stat_database.xact_commit} of the database per lifecycle (every client's)
     */
    record RoundTrips(
            long lifecycles,
            double mongodb,
            Map<String, Double> mongodbByCommand,
            Double kafkaTransactions,
            double postgresTransactions,
            Double postgresCommits) {}

    record Snapshot(
            long nanos,
            ProcessCpu.Sample cpu,
            Prometheus orders,
            Prometheus processor,
            Prometheus query,
            Map<TopicPartition, Long> offsets,
            Long postgresCommits) {}

    private final BenchSettings settings;
    private final PipelineClient client;
    private final ProcessCpu processes;
    private final TransactionMarkers markers;

    CostMeter(BenchSettings settings, PipelineClient client, Map<String, Long> extraPids) {
        this.settings = settings;
        this.client = client;
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("orders-service", port(settings.ordersUrl()));
        ports.put("processor-service", port(settings.processorUrl()));
        ports.put("query-service", port(settings.queryUrl()));
        ports.put(LOCAL_STACK, mongodbPort(settings.mongodbUri()));
        ports.put("postgresql", postgresPort(settings.postgresUrl()));
        Map<String, Long> pids = new LinkedHashMap<>(extraPids);
        pids.put(BENCH, ProcessHandle.current().pid());
        this.processes = ProcessCpu.find(ports, Set.of("postgresql"), pids);
        this.markers = new TransactionMarkers(settings.kafkaBootstrapServers());
    }

    Snapshot snapshot() throws Exception {
        return new Snapshot(
                System.nanoTime(),
                processes.sample(),
                Prometheus.scrape(client, settings.ordersUrl()),
                Prometheus.scrape(client, settings.processorUrl()),
                Prometheus.scrape(client, settings.queryUrl()),
                markers.ends(),
                postgresCommits());
    }

    Cpu cpu(
            Snapshot before,
            Snapshot after,
            long operations,
            double quietAfterSeconds,
            boolean quiet,
            Predicate<String> counted) {
        Map<String, Double> perOperation = new LinkedHashMap<>();
        Map<String, Map<String, Double>> threads = new LinkedHashMap<>();
        double processes = 0;
        for (ProcessCpu.Watched process : this.processes.watched()) {
            Long start = before.cpu().processMillis().get(process.name());
            Long end = after.cpu().processMillis().get(process.name());
            Double ms = start == null || end == null ? null : (double) (end - start) / operations;
            perOperation.put(process.name(), ms);
            if (ms != null && after.cpu().threads().containsKey(process.name())) {
                threads.put(
                        process.name(),
                        ProcessCpu.threadsPerOperation(
                                before.cpu().threads().getOrDefault(process.name(), Map.of()),
                                after.cpu().threads().get(process.name()),
                                end - start,
                                operations));
            }
            if (ms != null && counted.test(process.name())) {
                processes += ms;
            }
        }
        this.processes.missing().forEach(name -> perOperation.put(name, null));
        Long machineStart = before.cpu().machineMillis();
        Long machineEnd = after.cpu().machineMillis();
        return new Cpu(
                operations,
                (after.nanos() - before.nanos()) / 1e9,
                perOperation,
                perOperation.values().stream().allMatch(java.util.Objects::isNull) ? null : processes,
                machineStart == null || machineEnd == null ? null : (double) (machineEnd - machineStart) / operations,
                threads,
                quietAfterSeconds,
                quiet);
    }

    RoundTrips roundTrips(Snapshot before, Snapshot after, long lifecycles) {
        Map<String, Double> byCommand = new TreeMap<>();
        after.orders()
                .deltaBy(before.orders(), MONGODB_COMMANDS, "command", "collection")
                .forEach((command, delta) -> {
                    if (delta > 0) {
                        byCommand.put(command, delta / lifecycles);
                    }
                });
        Double kafka;
        try {
            kafka = (double) markers.between(before.offsets(), after.offsets()) / lifecycles;
        } catch (RuntimeException unreadable) {
            Bench.progress("could not count Kafka transactions: %s", unreadable);
            kafka = null;
        }
        double projection =
                after.query().sum(PROJECTION_BATCHES) - before.query().sum(PROJECTION_BATCHES);
        return new RoundTrips(
                lifecycles,
                byCommand.values().stream().mapToDouble(Double::doubleValue).sum(),
                byCommand,
                kafka,
                projection / lifecycles,
                before.postgresCommits() == null || after.postgresCommits() == null
                        ? null
                        : (double) (after.postgresCommits() - before.postgresCommits()) / lifecycles);
    }

    /**
     * Waits until the pipeline has done all the work the scenario caused: query-service's projection lag is 0,
     * orders-service's outbox backlog is 0 and every consumer group of {@code orders.events} has committed its end.
     * Returns whether it got there within {@code quiet-timeout}.
     */
    boolean awaitQuiet() throws Exception {
        long started = System.nanoTime();
        long deadline = started + settings.quietTimeout().toNanos();
        long nextNote = started + QUIET_NOTE.toNanos();
        while (true) {
            long lag = projectionLag();
            double backlog = Prometheus.scrape(client, settings.ordersUrl()).sum(OUTBOX_BACKLOG);
            Map<String, Long> behind = Rebuild.consumersBehind(markers.admin());
            // The backlog gauge is a live count that can dip below zero until the relay's next recount: nothing waits.
            if (lag == 0 && backlog <= 0 && behind.isEmpty()) {
                return true;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                Bench.progress("the pipeline was not quiet after %s: measured as it was", settings.quietTimeout());
                return false;
            }
            if (now > nextNote) {
                Bench.progress(
                        "waiting for the pipeline to be quiet: projection lag %d, outbox backlog %.0f, consumer groups"
                                + " behind on orders.events %s",
                        lag, backlog, behind);
                nextNote = now + QUIET_NOTE.toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    private long projectionLag() throws InterruptedException {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(settings.queryUrl().resolve("/projection"))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build());
        if (response.statusCode() != 200) {
            return Long.MAX_VALUE;
        }
        JsonNode lag = JSON.readTree(response.body()).get("totalLag");
        return lag == null ? Long.MAX_VALUE : lag.asLong();
    }

    /** Transactions committed in the database so far, every client's; null if the database cannot be asked. */
    private Long postgresCommits() {
        Properties properties = new Properties();
        properties.put("user", settings.postgresUser());
        properties.put("password", settings.postgresPassword());
        try (Connection connection = DriverManager.getConnection(settings.postgresUrl(), properties);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            return row.next() ? row.getLong(1) : null;
        } catch (SQLException unreachable) {
            return null;
        }
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    static int mongodbPort(String uri) {
        String host = new ConnectionString(uri).getHosts().getFirst();
        return host.contains(":") ? Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)) : 27017;
    }

    static int postgresPort(String jdbcUrl) {
        int port = URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
        return port > 0 ? port : 5432;
    }

    @Override
    public void close() {
        markers.close();
    }
}
