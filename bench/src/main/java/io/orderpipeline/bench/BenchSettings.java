package io.orderpipeline.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the bench runs against and how hard. Every setting is a {@code --name=value} flag or an environment variable
 * {@code BENCH_NAME} (upper case, dashes as underscores); the flag wins. An unknown flag is an error. {@link #DEFAULTS} lists them all.
 */
record BenchSettings(
        Set<Scenario> scenarios,
        URI ordersUrl,
        URI queryUrl,
        URI processorUrl,
        String kafkaBootstrapServers,
        String mongodbUri,
        String postgresUrl,
        String postgresUser,
        String postgresPassword,
        String adminToken,
        String product,
        int quantity,
        boolean idempotencyKeys,
        int createConnections,
        Duration createDuration,
        int createRuns,
        Duration baselineWarmup,
        Duration quietTimeout,
        Duration warmup,
        Duration warmupMax,
        int warmupConcurrency,
        int lifecycleRate,
        Duration lifecycleDuration,
        Visibility visibility,
        Duration visibleTimeout,
        int maxConnections,
        int rebuildEvents,
        Duration rebuildTimeout,
        Duration rawDuration,
        Duration rawMax,
        int rawThreads,
        int upsertBatchSize,
        Path resultsDir) {

    enum Scenario {
        RAW,
        CREATE,
        LIFECYCLE,
        REBUILD
    }

    /** How the bench learns that an order became visible in query-service. */
    enum Visibility {
        /** {@code GET /orders/{id}?minVersion=3&waitMs=…}: query-service answers once it has applied version 3. */
        LONG_POLL,
        /** {@code GET /orders/{id}} again every {@link #POLL_INTERVAL} until the status is final. */
        POLL;

        static final Duration POLL_INTERVAL = Duration.ofMillis(5);
    }

    static final Map<String, String> DEFAULTS = defaults();

    static BenchSettings parse(String[] args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        environment.forEach((name, value) -> {
            String setting = name.substring(name.indexOf('_') + 1)
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '-');
            // Other BENCH_ variables (bench/run's own) are not settings of the program.
            if (name.startsWith("BENCH_") && DEFAULTS.containsKey(setting)) {
                values.put(setting, value);
            }
        });
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "': settings are --name=value");
            }
            put(values, arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new BenchSettings(
                scenarios(values.get("scenarios")),
                uri(values, "orders-url"),
                uri(values, "query-url"),
                uri(values, "processor-url"),
                values.get("kafka-bootstrap-servers"),
                values.get("mongodb-uri"),
                values.get("postgres-url"),
                values.get("postgres-user"),
                values.get("postgres-password"),
                values.get("admin-token"),
                values.get("product"),
                positive(values, "quantity"),
                bool(values, "idempotency-keys"),
                positive(values, "create-connections"),
                duration(values, "create-duration"),
                positive(values, "create-runs"),
                duration(values, "baseline-warmup"),
                duration(values, "quiet-timeout"),
                duration(values, "warmup"),
                duration(values, "warmup-max"),
                positive(values, "warmup-concurrency"),
                positive(values, "lifecycle-rate"),
                duration(values, "lifecycle-duration"),
                enumValue(Visibility.class, "visibility", values.get("visibility")),
                duration(values, "visible-timeout"),
                positive(values, "max-connections"),
                positive(values, "rebuild-events"),
                duration(values, "rebuild-timeout"),
                duration(values, "raw-duration"),
                duration(values, "raw-max"),
                positive(values, "raw-threads"),
                positive(values, "upsert-batch-size"),
                Path.of(values.get("results-dir")));
    }

    /** Every setting as given, the admin token hidden: printed in the report. */
    Map<String, String> describe() {
        Map<String, String> settings = new TreeMap<>();
        settings.put("scenarios", scenarios.toString().toLowerCase(Locale.ROOT));
        settings.put("orders-url", ordersUrl.toString());
        settings.put("query-url", queryUrl.toString());
        settings.put("processor-url", processorUrl.toString());
        settings.put("kafka-bootstrap-servers", kafkaBootstrapServers);
        settings.put("mongodb-uri", mongodbUri);
        settings.put("postgres-url", postgresUrl);
        settings.put("product", product);
        settings.put("quantity", Integer.toString(quantity));
        settings.put("idempotency-keys", Boolean.toString(idempotencyKeys));
        settings.put("create-connections", Integer.toString(createConnections));
        settings.put("create-duration", text(createDuration));
        settings.put("create-runs", Integer.toString(createRuns));
        settings.put("baseline-warmup", text(baselineWarmup));
        settings.put("quiet-timeout", text(quietTimeout));
        settings.put("warmup", text(warmup));
        settings.put("warmup-max", text(warmupMax));
        settings.put("warmup-concurrency", Integer.toString(warmupConcurrency));
        settings.put("lifecycle-rate", Integer.toString(lifecycleRate));
        settings.put("lifecycle-duration", text(lifecycleDuration));
        settings.put("visibility", visibility.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        settings.put("visible-timeout", text(visibleTimeout));
        settings.put("max-connections", Integer.toString(maxConnections));
        settings.put("rebuild-events", Integer.toString(rebuildEvents));
        settings.put("raw-duration", text(rawDuration));
        settings.put("raw-max", text(rawMax));
        settings.put("raw-threads", Integer.toString(rawThreads));
        settings.put("upsert-batch-size", Integer.toString(upsertBatchSize));
        return settings;
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        // The two scenarios; the raw limits and the rebuild are context, selected by name.
        defaults.put("scenarios", "create,lifecycle");
        defaults.put("orders-url", "http://localhost:8080");
        defaults.put("query-url", "http://localhost:8082");
        defaults.put("processor-url", "http://localhost:8081");
        defaults.put("kafka-bootstrap-servers", "localhost:9092");
        defaults.put("mongodb-uri", "mongodb://localhost:27017");
        defaults.put("postgres-url", "jdbc:postgresql://localhost:5432/postgres");
        defaults.put("postgres-user", "postgres");
        defaults.put("postgres-password", "postgres");
        defaults.put("admin-token", "");
        // A catalog product and a small quantity: processor-service's default rules accept it.
        defaults.put("product", "laptop");
        defaults.put("quantity", "2");
        // Clients that may retry send a key with every command; its store round trips are part of a command's cost.
        defaults.put("idempotency-keys", "true");
        defaults.put("create-connections", "8");
        defaults.put("create-duration", "30s");
        // Runs per side, alternating baseline and orders-service: drift of a shared machine hits both sides alike.
        defaults.put("create-runs", "2");
        defaults.put("baseline-warmup", "20s");
        // After a run, until the downstream work of its creates is done (projection lag 0, outbox backlog 0).
        defaults.put("quiet-timeout", "60s");
        // At least this long, then until the services' JIT has settled (see Warmup), but no longer than warmup-max.
        defaults.put("warmup", "60s");
        defaults.put("warmup-max", "3m");
        defaults.put("warmup-concurrency", "8");
        defaults.put("lifecycle-rate", "300");
        defaults.put("lifecycle-duration", "60s");
        defaults.put("visibility", "long-poll");
        defaults.put("visible-timeout", "30s");
        defaults.put("max-connections", "256");
        defaults.put("rebuild-events", "100000");
        defaults.put("rebuild-timeout", "10m");
        defaults.put("raw-duration", "10s");
        // Windows of raw-duration are repeated until the rate is steady (see RawLimits), but no longer than this.
        defaults.put("raw-max", "2m");
        defaults.put("raw-threads", "4");
        defaults.put("upsert-batch-size", "500");
        defaults.put("results-dir", "bench/results");
        return defaults;
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (!DEFAULTS.containsKey(name)) {
            throw new IllegalArgumentException("unknown setting '" + name + "'");
        }
        values.put(name, value);
    }

    private static Set<Scenario> scenarios(String value) {
        var scenarios = java.util.EnumSet.noneOf(Scenario.class);
        for (String name : value.split(",")) {
            scenarios.add(enumValue(Scenario.class, "scenarios", name.strip()));
        }
        return scenarios;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String setting, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + setting + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", was '" + value + "'");
        }
    }

    private static URI uri(Map<String, String> values, String setting) {
        String value = values.get(setting);
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + setting + " must be an http(s) URL, was '" + value + "'");
        }
    }

    private static boolean bool(Map<String, String> values, String setting) {
        return switch (values.get(setting).strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException(
                        "--" + setting + " must be true or false, was '" + values.get(setting) + "'");
        };
    }

    private static int positive(Map<String, String> values, String setting) {
        return positive(setting, values.get(setting));
    }

    private static int positive(String setting, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + setting + " must be a positive whole number, was '" + value + "'");
        }
    }

    /** Durations as {@code 500ms}, {@code 10s}, {@code 2m}. */
    static Duration duration(Map<String, String> values, String setting) {
        String value = values.get(setting).strip().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return requirePositive(Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2))));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return requirePositive(
                    switch (value.charAt(value.length() - 1)) {
                        case 's' -> Duration.ofSeconds(amount);
                        case 'm' -> Duration.ofMinutes(amount);
                        default -> throw new NumberFormatException();
                    });
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    "--" + setting + " must be a duration such as 500ms, 10s or 2m, was '" + value + "'");
        }
    }

    private static Duration requirePositive(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new NumberFormatException();
        }
        return duration;
    }
}
