package io.orderpipeline.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the stack is started with. Every setting is a {@code --name=value} flag, or an environment variable {@code
 * LOCAL_NAME} (upper case, dashes as underscores); the flag wins.
 */
record StackSettings(
        Path dataDir,
        boolean wipe,
        Path servicesRoot,
        Path startupCache,
        Map<String, Integer> ports,
        boolean tracing,
        double tracingSampling,
        long processorInitialStock,
        Jit jit) {

    /**
     * How the services' JVMs compile Java code. A service start is CPU-bound and, with the default tiered compilation,
     * half of its CPU is the JIT: C2 compiles the start's hot methods, most of which never run again. With C1 only a
     * start takes half the CPU (5.6 instead of 10.6 CPU-s for orders-service), and an instance's CPU per order stays
     * at or below tiered compilation's for its first ~5 000 orders, while C2 is still compiling; from then on C2's
     * code is ~25% cheaper per order (bench/results/20261130-jit.md).
     */
    enum Jit {
        /** C1 only ({@code -XX:TieredStopAtLevel=1}): the local stack's default, for starts in seconds. */
        QUICK(List.of("-XX:TieredStopAtLevel=1")),
        /** The JDK's default tiered compilation, as the docker images run: the bench measures this. */
        FULL(List.of());

        private final List<String> javaOptions;

        Jit(List<String> javaOptions) {
            this.javaOptions = javaOptions;
        }

        List<String> javaOptions() {
            return javaOptions;
        }

        static Jit parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "quick" -> QUICK;
                case "full" -> FULL;
                default -> throw new IllegalArgumentException("--jit must be quick or full, was '" + value + "'");
            };
        }
    }

    private static final java.util.Set<String> VALUE_SETTINGS = java.util.Set.of(
            "data-dir",
            "services-root",
            "startup-cache",
            "tracing",
            "tracing-sampling",
            "processor-initial-stock",
            "jit");

    /**
     * Units of every product the processor starts with, the first time it touches the product: plenty for the
     * walk-through and the bench, so orders are processed rather than rejected for want of stock.
     */
    static final long DEFAULT_PROCESSOR_INITIAL_STOCK = 1_000_000;

    /** Every port the stack binds, by the name of the setting that moves it, with its default. */
    static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    static final String USAGE = """
            Usage: ./run-local [--wipe] [--data-dir=DIR] [--no-tracing] [--tracing-sampling=P]
                               [--processor-initial-stock=N] [--jit=quick|full] [--<port-setting>=PORT ...]
              --wipe              delete the data folder first (all orders, events and topics)
              --data-dir=DIR      where Kafka, MongoDB and PostgreSQL keep their data, and the logs (default .local-stack)
              --startup-cache=DIR the services' start-up cache, one per build (default DATA-DIR/startup-cache)
              --no-build          skip the Maven build (run-local only)
              --no-tracing        no Zipkin, and the services create no spans (same as --tracing=off)
              --tracing-sampling=P the share of commands traced, 0.0-1.0 (default 1.0: every one)
              --processor-initial-stock=N units of every product in stock before its first order (default 1000000:
                                  plenty for the walk-through and the bench; 0 rejects every order until stock is
                                  received); the processor's PROCESSOR_INVENTORY_INITIAL_STOCK
              --jit=MODE          the services' JIT: quick (default, C1 only: a start takes half the CPU) or full
                                  (the JDK's tiered compilation, as in the docker images: cheaper per order once warm)
            Port settings (default): %s
            Each flag can also be given as an environment variable, e.g. LOCAL_KAFKA_PORT=19092.""";

    static StackSettings parse(String[] args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("LOCAL_")) {
                values.put(
                        name.substring("LOCAL_".length())
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '-'),
                        value);
            }
        });
        boolean wipe = false;
        for (String arg : args) {
            if (arg.equals("--wipe")) {
                wipe = true;
            } else if (arg.equals("--no-tracing")) {
                values.put("tracing", "off");
            } else if (arg.startsWith("--") && arg.contains("=")) {
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        Path dataDir = Path.of(values.getOrDefault("data-dir", ".local-stack")).toAbsolutePath();
        Path servicesRoot = Path.of(values.getOrDefault("services-root", ".")).toAbsolutePath();
        Path startupCache = values.containsKey("startup-cache")
                ? Path.of(values.get("startup-cache")).toAbsolutePath()
                : dataDir.resolve("startup-cache");
        boolean tracing = tracing(values.getOrDefault("tracing", "on"));
        double sampling = sampling(values.getOrDefault("tracing-sampling", "1.0"));
        long initialStock = initialStock(
                values.getOrDefault("processor-initial-stock", Long.toString(DEFAULT_PROCESSOR_INITIAL_STOCK)));
        Jit jit = Jit.parse(values.getOrDefault("jit", "quick"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        DEFAULT_PORTS.forEach((name, port) -> ports.put(name, port(values, name, port)));
        if (!tracing) {
            // No Zipkin is started, so its port need not be free.
            ports.remove("zipkin-port");
        }
        values.keySet().stream()
                .filter(name -> !DEFAULT_PORTS.containsKey(name) && !VALUE_SETTINGS.contains(name))
                .findFirst()
                .ifPresent(name -> {
                    throw new IllegalArgumentException("unknown setting '" + name + "'");
                });
        return new StackSettings(
                dataDir, wipe, servicesRoot, startupCache, Map.copyOf(ports), tracing, sampling, initialStock, jit);
    }

    int port(String name) {
        return ports.get(name);
    }

    Path logs() {
        return dataDir.resolve("logs");
    }

    private static boolean tracing(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("--tracing must be on or off, was '" + value + "'");
        };
    }

    private static double sampling(String value) {
        try {
            double probability = Double.parseDouble(value);
            if (!(probability >= 0 && probability <= 1)) {
                throw new NumberFormatException();
            }
            return probability;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tracing-sampling must be between 0.0 and 1.0, was '" + value + "'");
        }
    }

    private static long initialStock(String value) {
        try {
            long units = Long.parseLong(value);
            if (units < 0) {
                throw new NumberFormatException();
            }
            return units;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--processor-initial-stock must be a whole number of units, 0 or more, was '" + value + "'");
        }
    }

    private static int port(Map<String, String> values, String name, int defaultPort) {
        String value = values.get(name);
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a port number (1-65535), was '" + value + "'");
        }
    }

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka-port", 9092);
        ports.put("kafka-controller-port", 9093);
        ports.put("mongodb-port", 27017);
        ports.put("postgres-port", 5432);
        ports.put("orders-port", 8080);
        ports.put("processor-port", 8081);
        ports.put("query-port", 8082);
        ports.put("zipkin-port", 9411);
        return java.util.Collections.unmodifiableMap(ports);
    }
}
