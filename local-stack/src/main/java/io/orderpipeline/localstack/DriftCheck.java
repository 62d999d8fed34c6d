package io.orderpipeline.localstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares every order's version in the read model (PostgreSQL) with the version of its stream in the event store
 * (MongoDB) and lists each order where they differ. Run it against a live stack when the projection is quiet
 * ({@code GET /projection} shows lag 0): an order still in flight shows up as behind.
 *
 * <pre>deploy/drift-check.sh [--mongodb-uri=…] [--mongodb-database=orders] [--postgres-url=…] [--postgres-user=…]
 * [--postgres-password=…]</pre>
 *
 * Exit code 0: no drift; 1: drift, listed; 2: bad arguments or a store unreachable.
 */
public final class DriftCheck {

    /** One order whose read model does not match its stream; a version of 0 means "absent". */
    public record Drift(String orderId, long streamVersion, long readModelVersion) {
        String describe() {
            if (readModelVersion == 0) {
                return "missing from the read model (stream at version " + streamVersion + ")";
            }
            if (streamVersion == 0) {
                return "in the read model at version " + readModelVersion + " but has no stream";
            }
            return "read model at version " + readModelVersion + ", stream at version " + streamVersion;
        }
    }

    /** What the check found: how many orders each side holds, and every difference. */
    public record Result(int streams, int readModelOrders, List<Drift> drifts) {}

    private DriftCheck() {}

    public static void main(String[] args) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "mongodb-uri", env("MONGODB_URI", "mongodb://127.0.0.1:27017"),
                "mongodb-database", env("MONGODB_DATABASE", "orders"),
                "postgres-url", env("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                "postgres-user", env("POSTGRES_USER", "postgres"),
                "postgres-password", env("POSTGRES_PASSWORD", "postgres")));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 2 ? arg.substring(2, equals) : null;
            if (name == null || !settings.containsKey(name)) {
                System.err.println("drift-check: unknown argument '" + arg + "'; settings: " + settings.keySet());
                System.exit(2);
            }
            settings.put(name, arg.substring(equals + 1));
        }
        Result result;
        try {
            result = run(
                    settings.get("mongodb-uri"),
                    settings.get("mongodb-database"),
                    settings.get("postgres-url"),
                    settings.get("postgres-user"),
                    settings.get("postgres-password"));
        } catch (Exception e) {
            System.err.println("drift-check: " + e.getMessage());
            System.exit(2);
            return;
        }
        print(result, System.out);
        System.exit(result.drifts().isEmpty() ? 0 : 1);
    }

    public static Result run(
            String mongoUri, String mongoDatabase, String postgresUrl, String postgresUser, String postgresPassword)
            throws SQLException {
        Map<String, Long> streams = streamVersions(mongoUri, mongoDatabase);
        Map<String, Long> readModel = readModelVersions(postgresUrl, postgresUser, postgresPassword);
        List<Drift> drifts = new ArrayList<>();
        for (String orderId : new TreeSet<>(union(streams, readModel))) {
            long stream = streams.getOrDefault(orderId, 0L);
            long read = readModel.getOrDefault(orderId, 0L);
            if (stream != read) {
                drifts.add(new Drift(orderId, stream, read));
            }
        }
        return new Result(streams.size(), readModel.size(), drifts);
    }

    static void print(Result result, PrintStream out) {
        out.printf(
                "%d streams in the event store, %d orders in the read model, %d drifting%n",
                result.streams(), result.readModelOrders(), result.drifts().size());
        result.drifts().forEach(drift -> out.printf("  %s: %s%n", drift.orderId(), drift.describe()));
    }

    /** The last version of every stream: the highest {@code toVersion} of its commits. */
    private static Map<String, Long> streamVersions(String uri, String database) {
        Map<String, Long> versions = new HashMap<>();
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase(database)
                    .getCollection("commits")
                    .aggregate(List.of(Aggregates.group("$orderId", Accumulators.max("version", "$toVersion"))))
                    .forEach(row -> versions.put(row.getString("_id"), ((Number) row.get("version")).longValue()));
        }
        return versions;
    }

    private static Map<String, Long> readModelVersions(String url, String user, String password) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false); // with a fetch size, the driver streams the rows instead of loading all
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10_000);
                try (ResultSet rows = statement.executeQuery("SELECT order_id, version FROM orders")) {
                    while (rows.next()) {
                        versions.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
        }
        return versions;
    }

    private static Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
