package io.orderpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's drift check against real stores: an event store with three streams and a read model that is behind on
 * one, lacks another and holds an order no stream has. The script lists exactly those and exits with 1; matching
 * stores give 0.
 */
class DriftCheckIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path data;

    @Test
    void listsEveryOrderWhoseReadModelDiffersFromItsStream() throws Exception {
        int mongoPort = freePort();
        int postgresPort = freePort();
        try (MongoWireServer mongo = MongoWireServer.start(data.resolve("mongodb"), mongoPort);
                Postgres postgres =
                        Postgres.start(data.resolve("postgres"), postgresPort, data.resolve("postgres.log"));
                MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
            client.getDatabase("orders")
                    .getCollection("commits")
                    .insertMany(List.of(
                            commit("in-step", 1, 1),
                            commit("in-step", 2, 3),
                            commit("behind", 1, 1),
                            commit("behind", 2, 2),
                            commit("missing", 1, 1)));
            String url = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
            try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                    Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE orders (order_id varchar(100) PRIMARY KEY, version bigint NOT NULL)");
                sql.execute("INSERT INTO orders VALUES ('in-step', 3), ('behind', 1), ('no-stream', 2)");
            }
            String[] settings = {"--mongodb-uri=mongodb://127.0.0.1:" + mongoPort, "--postgres-url=" + url};

            DriftCheck.Result result =
                    DriftCheck.run("mongodb://127.0.0.1:" + mongoPort, "orders", url, "postgres", "postgres");
            assertThat(result.drifts())
                    .containsExactly(
                            new DriftCheck.Drift("behind", 2, 1),
                            new DriftCheck.Drift("missing", 1, 0),
                            new DriftCheck.Drift("no-stream", 0, 2));
            assertThat(result.streams()).isEqualTo(3);
            assertThat(result.readModelOrders()).isEqualTo(3);

            Process script = script(settings);
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(script.exitValue()).as(output).isEqualTo(1);
            assertThat(output)
                    .contains("3 streams in the event store, 3 orders in the read model, 3 drifting")
                    .contains("behind: read model at version 1, stream at version 2")
                    .contains("missing: missing from the read model (stream at version 1)")
                    .contains("no-stream: in the read model at version 2 but has no stream")
                    .doesNotContain("in-step:");

            try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                    Statement sql = connection.createStatement()) {
                sql.execute("UPDATE orders SET version = 2 WHERE order_id = 'behind'");
                sql.execute("DELETE FROM orders WHERE order_id = 'no-stream'");
                sql.execute("INSERT INTO orders VALUES ('missing', 1)");
            }
            Process clean = script(settings);
            String cleanOutput = new String(clean.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(clean.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(clean.exitValue()).as(cleanOutput).isZero();
            assertThat(cleanOutput).contains("0 drifting");
        }
    }

    private static Process script(String... settings) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "deploy/drift-check.sh"));
        command.addAll(List.of(settings));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private static Document commit(String orderId, long fromVersion, long toVersion) {
        return new Document("orderId", orderId)
                .append("fromVersion", fromVersion)
                .append("toVersion", toVersion)
                .append("commandId", orderId + "-" + fromVersion);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
