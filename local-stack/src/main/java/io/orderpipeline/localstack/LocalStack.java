package io.orderpipeline.localstack;

import io.orderpipeline.testing.ZipkinServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Starts the whole pipeline on this machine: Kafka (KRaft), a MongoDB wire-protocol server and PostgreSQL in this
 * JVM, then orders-service, processor-service and query-service as separate processes. Everything stops, in reverse
 * order, when this process is interrupted (Ctrl-C) or terminated.
 */
public final class LocalStack {

    private static final PrintStream console = System.out;
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(3);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.printf(StackSettings.USAGE + "%n", StackSettings.DEFAULT_PORTS);
            return;
        }
        StackSettings settings;
        try {
            settings = StackSettings.parse(args, System.getenv());
            requireFreePorts(settings);
        } catch (IllegalArgumentException e) {
            System.err.println("run-local: " + e.getMessage());
            System.err.printf(StackSettings.USAGE + "%n", StackSettings.DEFAULT_PORTS);
            System.exit(2);
            return;
        }
        prepareDataFolder(settings);
        // Before any logger exists: the servers in this JVM log to a file, the console stays for the status.
        System.setProperty(
                "org.slf4j.simpleLogger.logFile",
                settings.logs().resolve("infrastructure.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

        LocalStack stack = new LocalStack();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stack.stop();
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        try {
            stack.start(settings);
        } catch (Exception e) {
            System.err.println("run-local: could not start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    private void start(StackSettings settings) throws Exception {
        Path data = settings.dataDir();
        console.printf("order-pipeline local stack — data in %s%n", data);
        // Zipkin takes seconds to start: it does so while the stores start, and is waited for before the services.
        ZipkinServer zipkin = null;
        if (settings.tracing()) {
            zipkin = ZipkinServer.start(
                    ServiceProcess.java(),
                    settings.servicesRoot().resolve("local-stack/target/zipkin/zipkin-server.jar"),
                    settings.port("zipkin-port"),
                    settings.logs().resolve("zipkin.log"));
            running.push(zipkin);
        }

        String kafka = "127.0.0.1:" + settings.port("kafka-port");
        running.push(step(
                "kafka (KRaft)",
                kafka,
                () -> KafkaBroker.start(
                        data.resolve("kafka"), settings.port("kafka-port"), settings.port("kafka-controller-port"))));
        String mongo = "mongodb://127.0.0.1:" + settings.port("mongodb-port");
        running.push(step(
                "mongodb (wire)",
                mongo,
                () -> MongoWireServer.start(data.resolve("mongodb"), settings.port("mongodb-port"))));
        String postgres = "jdbc:postgresql://127.0.0.1:" + settings.port("postgres-port") + "/postgres";
        running.push(step(
                "postgresql",
                postgres,
                () -> Postgres.start(
                        data.resolve("postgres"),
                        settings.port("postgres-port"),
                        settings.logs().resolve("postgres.log"))));

        Map<String, String> tracing = tracingEnvironment(settings);
        if (zipkin != null) {
            Duration took = zipkin.awaitHealthy(SERVICE_START_TIMEOUT);
            console.printf(
                    "  %-18s %-40s up in %4.1f s   log: %s%n",
                    "zipkin",
                    zipkin.uiUrl(),
                    took.toMillis() / 1000.0,
                    zipkin.log().getFileName());
        }

        // orders-service first: it declares orders.events, which the other two consume.
        startServices(
                settings,
                List.of(service(
                        settings,
                        "orders-service",
                        "orders-port",
                        with(
                                tracing,
                                Map.of(
                                        "KAFKA_BOOTSTRAP_SERVERS", kafka,
                                        "MONGODB_URI", mongo,
                                        "ORDERS_WEB_CORS_ALLOWED_ORIGINS", pageOrigins(settings))))));
        startServices(
                settings,
                List.of(
                        service(
                                settings,
                                "processor-service",
                                "processor-port",
                                with(tracing, processorEnvironment(settings, kafka))),
                        service(
                                settings,
                                "query-service",
                                "query-port",
                                with(
                                        tracing,
                                        Map.of(
                                                "KAFKA_BOOTSTRAP_SERVERS",
                                                kafka,
                                                "POSTGRES_URL",
                                                postgres,
                                                "POSTGRES_USER",
                                                "postgres",
                                                "POSTGRES_PASSWORD",
                                                "postgres",
                                                "QUERY_PAGE_ORDERS_URL",
                                                "http://localhost:" + settings.port("orders-port"),
                                                "QUERY_PAGE_TRACE_URL",
                                                zipkin == null ? "" : zipkin.uiUrl() + "traces/{traceId}")))));

        console.printf(
                """
                Ready. The live page: http://localhost:%d/ (create orders, watch them move, see the pipeline's health)
                Logs in %s. Or with curl:
                  curl -i -X POST localhost:%d/orders -H 'Content-Type: application/json' \\
                       -d '{"customerId":"c-1","product":"laptop","quantity":2}'
                  curl -s localhost:%d/orders
                """,
                settings.port("query-port"),
                settings.logs(),
                settings.port("orders-port"),
                settings.port("query-port"));
        if (zipkin != null) {
            console.printf(
                    "Traces: %s (an order's: curl -s localhost:%d/orders/ID/events gives each event's traceId)%n",
                    zipkin.uiUrl(), settings.port("orders-port"));
        }
        console.printf(
                "Every product starts with %d units in stock (--processor-initial-stock).%n",
                settings.processorInitialStock());
        console.println("Press Ctrl-C to stop everything.");
    }

    /**
     * A product without stock rejects every order, so the processor starts each one with the stock asked for. Its Kafka
     * Streams state lives with the stack's data: kept across restarts with the broker it belongs to, wiped with it.
     * It is the only instance, so there is no other to keep a standby copy of its stores on (Kafka Streams would warn
     * of it on every rebalance).
     */
    static Map<String, String> processorEnvironment(StackSettings settings, String kafka) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka,
                "PROCESSOR_INVENTORY_INITIAL_STOCK",
                Long.toString(settings.processorInitialStock()),
                "SPRING_KAFKA_STREAMS_STATE_DIR",
                settings.dataDir().resolve("processor-streams").toString(),
                "SPRING_KAFKA_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS",
                "0");
    }

    /** The live page is served by query-service and sends its commands to orders-service, which must allow it. */
    static String pageOrigins(StackSettings settings) {
        int port = settings.port("query-port");
        return "http://localhost:" + port + ",http://127.0.0.1:" + port;
    }

    /**
     * Spring Boot's own tracing settings for every service: report to this Zipkin at the chosen sampling, or create no
     * spans at all.
     */
    static Map<String, String> tracingEnvironment(StackSettings settings) {
        if (!settings.tracing()) {
            return Map.of("MANAGEMENT_TRACING_EXPORT_ENABLED", "false");
        }
        return Map.of(
                "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT",
                ZipkinServer.spansEndpoint(settings.port("zipkin-port")),
                "MANAGEMENT_TRACING_SAMPLING_PROBABILITY",
                Double.toString(settings.tracingSampling()));
    }

    private static Map<String, String> with(Map<String, String> tracing, Map<String, String> connections) {
        Map<String, String> environment = new java.util.HashMap<>(connections);
        environment.putAll(tracing);
        return environment;
    }

    private record PendingService(String name, String portSetting, Map<String, String> environment) {}

    private static PendingService service(
            StackSettings settings, String name, String portSetting, Map<String, String> connections) {
        var environment = new java.util.HashMap<>(connections);
        environment.put(
                portSetting.replace("-port", "").toUpperCase() + "_PORT", Integer.toString(settings.port(portSetting)));
        return new PendingService(name, portSetting, environment);
    }

    /**
     * Starts the services together and waits until each is healthy. Each build's start-up cache is trained first (the
     * first start after a build), so that one service's training does not count in another's start.
     */
    private void startServices(StackSettings settings, List<PendingService> services) throws Exception {
        StartupCache cache = new StartupCache(settings.startupCache(), ServiceProcess.java(), settings.jit());
        List<ServiceProcess.Launch> launches = new java.util.ArrayList<>();
        for (PendingService service : services) {
            Instant preparing = Instant.now();
            launches.add(ServiceProcess.prepare(
                    service.name(),
                    service.name(),
                    settings.servicesRoot(),
                    service.environment(),
                    settings.logs(),
                    cache));
            Duration trained = Duration.between(preparing, Instant.now());
            if (trained.compareTo(Duration.ofSeconds(2)) > 0) {
                console.printf(
                        "  %-18s start-up cache trained in %.1f s (once per build)%n",
                        service.name(), trained.toMillis() / 1000.0);
            }
        }
        List<ServiceProcess> started = new java.util.ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceProcess process = ServiceProcess.start(
                    launches.get(i), settings.port(services.get(i).portSetting()));
            running.push(process);
            started.add(process);
        }
        for (ServiceProcess process : started) {
            Duration took = process.awaitHealthy(SERVICE_START_TIMEOUT);
            console.printf(
                    "  %-18s %-40s up in %4.1f s   log: %s%n",
                    process.name(),
                    process.url(),
                    took.toMillis() / 1000.0,
                    process.log().getFileName());
        }
    }

    private interface Starter {
        AutoCloseable start() throws Exception;
    }

    private static AutoCloseable step(String name, String address, Starter starter) throws Exception {
        long start = System.nanoTime();
        AutoCloseable server = starter.start();
        console.printf("  %-18s %-40s up in %4.1f s%n", name, address, (System.nanoTime() - start) / 1e9);
        return server;
    }

    /** Stops everything that was started, newest first, whatever fails on the way. */
    private synchronized void stop() {
        if (running.isEmpty()) {
            return;
        }
        console.println("Stopping…");
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("run-local: while stopping: " + e);
            }
        }
        console.println("Stopped.");
    }

    static void requireFreePorts(StackSettings settings) {
        settings.ports().forEach((setting, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException inUse) {
                throw new IllegalArgumentException("port " + port + " is already in use: choose another with --"
                        + setting + "=PORT (or LOCAL_" + setting.toUpperCase().replace('-', '_') + "=PORT)");
            }
        });
    }

    static void prepareDataFolder(StackSettings settings) throws IOException {
        if (settings.wipe() && Files.exists(settings.dataDir())) {
            try (Stream<Path> files = Files.walk(settings.dataDir())) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(settings.logs());
    }
}
