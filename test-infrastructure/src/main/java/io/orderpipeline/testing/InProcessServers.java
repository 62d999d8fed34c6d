package io.orderpipeline.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Real servers started inside the test JVM, once per JVM, on free loopback ports: Kafka's own KRaft broker, a
 * MongoDB wire-protocol server and PostgreSQL from real binaries. Each starts on first use only.
 */
public final class InProcessServers {

    private InProcessServers() {}

    /** The bootstrap servers of a single-node KRaft broker that supports transactions. */
    public static String kafkaBootstrapServers() {
        return Kafka.BROKER.getBrokersAsString();
    }

    /** A connection string, without a database, of a MongoDB wire-protocol server. */
    public static String mongoConnectionString() {
        InetSocketAddress address = Mongo.SERVER.getLocalAddress();
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /**
     * Makes the MongoDB server's oplog act as if it had forgotten everything before now, as a real one does when it
     * rolls over, until the answer is closed: a change stream resumed from an earlier point fails with
     * ChangeStreamHistoryLost. The server is shared by every test of the JVM, so close it in the test.
     */
    public static AutoCloseable forgetMongoOplogUntilNow() {
        return Mongo.OPLOG.forgetHistoryUntilNow();
    }

    /**
     * What every in-process broker runs with, for tests that start one of their own: one node, topics declared by
     * their owners, and the short sessions and transactions the services fail over with (kafka-support's membership).
     */
    public static Map<String, String> kafkaBrokerProperties() {
        return Map.of(
                "offsets.topic.replication.factor",
                "1",
                "transaction.state.log.replication.factor",
                "1",
                "transaction.state.log.min.isr",
                "1",
                "group.initial.rebalance.delay.ms",
                "0",
                "auto.create.topics.enable",
                "false",
                "group.min.session.timeout.ms",
                KafkaInfrastructure.MIN_SESSION_TIMEOUT_MS,
                "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                KafkaInfrastructure.TRANSACTION_CLEANUP_INTERVAL_MS);
    }

    public static EmbeddedPostgres postgres() {
        return Postgres.SERVER;
    }

    private static final class Kafka {
        static final EmbeddedKafkaKraftBroker BROKER = start();

        private static EmbeddedKafkaKraftBroker start() {
            var broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(kafkaBrokerProperties());
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-shutdown"));
            return broker;
        }
    }

    private static final class Mongo {
        private static SequencedOplog OPLOG;
        static final MongoServer SERVER = start();

        private static MongoServer start() {
            // With an oplog: orders-service's outbox reads a change stream, as on a replica set.
            MemoryBackend backend = new MemoryBackend() {
                @Override
                protected Oplog createOplog() {
                    OPLOG = new SequencedOplog(super.createOplog());
                    return OPLOG;
                }
            };
            backend.enableOplog();
            MongoServer server = new MongoServer(backend);
            server.bind("127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));
            return server;
        }
    }

    private static final class Postgres {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
        }
    }
}
