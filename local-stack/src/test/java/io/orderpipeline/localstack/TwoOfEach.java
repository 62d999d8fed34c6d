package io.orderpipeline.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipeline as {@code ./run-local} runs it, but with two instances of every service: Kafka, the MongoDB wire
 * server and PostgreSQL in this JVM, each service instance a process of its own started from its jar through the
 * start-up cache, with run-local's default JIT. Instances can be killed ({@code kill -9}) and restarted under their own name, and PostgreSQL frozen
 * ({@code SIGSTOP}) and thawed.
 */
final class TwoOfEach implements AutoCloseable {

    static final List<String> SERVICES = List.of("orders-service", "processor-service", "query-service");
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** The bearer token of the processors' stock admin. */
    static final String ADMIN_TOKEN = "fault-suite-admin";

    /** One start-up cache for every test of this module that starts the services: each build is trained once. */
    static final Path SHARED_STARTUP_CACHE = Path.of("target/startup-cache").toAbsolutePath();

    /** One instance: which service, its name ({@code orders-1}), port and environment. */
    record Instance(String service, String name, int port, Map<String, String> environment) {
        String url() {
            return "http://localhost:" + port;
        }
    }

    private final Path data;
    private final Deque<AutoCloseable> infrastructure = new ArrayDeque<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final StartupCache cache;
    private final FreePorts ports = new FreePorts();
    final String kafka;
    final String mongo;
    final String postgres;

    private TwoOfEach(Path data) throws Exception {
        this.data = data;
        Files.createDirectories(data.resolve("logs"));
        this.cache = new StartupCache(SHARED_STARTUP_CACHE, ServiceProcess.java(), StackSettings.Jit.QUICK);
        int kafkaPort = freePort();
        kafka = "127.0.0.1:" + kafkaPort;
        infrastructure.push(KafkaBroker.start(data.resolve("kafka"), kafkaPort, freePort()));
        int mongoPort = freePort();
        mongo = "mongodb://127.0.0.1:" + mongoPort;
        infrastructure.push(MongoWireServer.start(data.resolve("mongodb"), mongoPort));
        int postgresPort = freePort();
        postgres = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
        infrastructure.push(Postgres.start(data.resolve("postgres"), postgresPort, data.resolve("logs/postgres.log")));
    }

    /** Starts the stores, then two instances of each service (orders-service first: it declares the topics). */
    static TwoOfEach start(Path data) throws Exception {
        TwoOfEach stack = new TwoOfEach(data);
        try {
            stack.startAll(
                    List.of(stack.define("orders-service", "orders-1"), stack.define("orders-service", "orders-2")));
            stack.startAll(List.of(
                    stack.define("processor-service", "processor-1"),
                    stack.define("processor-service", "processor-2"),
                    stack.define("query-service", "query-1"),
                    stack.define("query-service", "query-2")));
            return stack;
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
    }

    List<Instance> instances(String service) {
        return instances.values().stream()
                .filter(instance -> instance.service().equals(service))
                .toList();
    }

    List<String> urls(String service) {
        return instances(service).stream().map(Instance::url).toList();
    }

    Path logs() {
        return data.resolve("logs");
    }

    void kill(String name) throws InterruptedException {
        processes.remove(name).kill();
    }

    /** Starts the named instance again and returns how long it took to become ready. */
    Duration restart(String name) throws Exception {
        return restart(List.of(name));
    }

    /** Starts the named instances again together and returns how long the slowest took to become ready. */
    Duration restart(List<String> names) throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        for (String name : names) {
            started.add(launch(instances.get(name)));
        }
        Duration slowest = Duration.ZERO;
        for (ServiceProcess process : started) {
            Duration ready = process.awaitHealthy(START_TIMEOUT);
            slowest = ready.compareTo(slowest) > 0 ? ready : slowest;
        }
        return slowest;
    }

    /** {@code kill -STOP} of PostgreSQL and every backend: connections stay open and nothing answers. */
    void freezePostgres() throws Exception {
        signalPostgres("-STOP");
    }

    void thawPostgres() throws Exception {
        signalPostgres("-CONT");
    }

    private void signalPostgres(String signal) throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid"))
                .getFirst()
                .strip());
        List<String> command = new ArrayList<>(List.of("kill", signal, Long.toString(postmaster)));
        ProcessHandle.of(postmaster)
                .orElseThrow()
                .descendants()
                .forEach(backend -> command.add(Long.toString(backend.pid())));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private Instance define(String service, String name) {
        int port = freePort();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        // The suite's recovery times are the pipeline's on two cores, not the tracer's (run-local --no-tracing).
        environment.put("MANAGEMENT_TRACING_EXPORT_ENABLED", "false");
        switch (service) {
            case "orders-service" -> {
                environment.put("ORDERS_PORT", Integer.toString(port));
                environment.put("MONGODB_URI", mongo);
            }
            case "processor-service" -> {
                environment.put("PROCESSOR_PORT", Integer.toString(port));
                environment.put("PROCESSOR_ADMIN_TOKEN", ADMIN_TOKEN);
                // No SPRING_KAFKA_STREAMS_STATE_DIR: the service's default, a fresh state directory per start. After a
                // kill -9, exactly-once Kafka Streams cannot trust a kept store (no checkpoint): it would wipe it,
                // restore it and rebalance once more (~2.5 s of a restart). Keeping it pays off after clean stops only.
                // A product without stock rejects its orders; the suite's load is to be processed, as run-local's is.
                environment.put(
                        "PROCESSOR_INVENTORY_INITIAL_STOCK",
                        Long.toString(StackSettings.DEFAULT_PROCESSOR_INITIAL_STOCK));
            }
            case "query-service" -> {
                environment.put("QUERY_PORT", Integer.toString(port));
                environment.put("POSTGRES_URL", postgres);
                environment.put("POSTGRES_USER", "postgres");
                environment.put("POSTGRES_PASSWORD", "postgres");
            }
            default -> throw new IllegalArgumentException(service);
        }
        Instance instance = new Instance(service, name, port, Map.copyOf(environment));
        instances.put(name, instance);
        return instance;
    }

    private void startAll(List<Instance> batch) throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        for (Instance instance : batch) {
            started.add(launch(instance));
        }
        for (ServiceProcess process : started) {
            process.awaitHealthy(START_TIMEOUT);
        }
    }

    private ServiceProcess launch(Instance instance) throws Exception {
        ServiceProcess process = ServiceProcess.start(
                instance.service(),
                instance.name(),
                REPOSITORY,
                instance.port(),
                instance.environment(),
                logs(),
                cache);
        processes.put(instance.name(), process);
        return process;
    }

    /** The outbox relay's lease holder now, as its {@code orders_outbox_lease_held} gauge says. */
    String leaseHolder() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (Instance instance : instances("orders-service")) {
            if (!processes.containsKey(instance.name())) {
                continue;
            }
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(instance.url() + "/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            try (Stream<String> lines = metrics.lines()) {
                if (lines.anyMatch(line -> line.startsWith("orders_outbox_lease_held") && line.endsWith(" 1.0"))) {
                    return instance.name();
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess process : processes.values()) {
            process.kill();
        }
        processes.clear();
        while (!infrastructure.isEmpty()) {
            try {
                infrastructure.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    private int freePort() {
        return ports.next();
    }
}
