package io.orderpipeline.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.orderpipeline.events.EventEnvelopeSerializer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * What this machine's stores can do at most with the services' own message sizes, each measured for {@code
 * raw-duration} on scratch collections, topics and tables that no service reads.
 */
final class RawLimits {

    static final String MONGO_DATABASE = "bench";
    static final String MONGO_COLLECTION = "raw_commits";
    static final String KAFKA_TOPIC = "bench.raw-produce";
    static final String POSTGRES_TABLE = "bench_raw_orders";

    /**
     * @param perSecond operations (inserts, records, rows) per second in the best window
     * @param operations how many were done in that window
     * @param messageBytes size of one document, record value or row as sent
     * @param latency per operation (per batch for PostgreSQL) in that window; zero counts where not measured
     * @param windows how the windows went (see {@link #untilSteady})
     */
    record Limit(
            String what,
            double perSecond,
            long operations,
            int messageBytes,
            Latencies.Summary latency,
            Windows windows) {

        Limit after(Windows windows) {
            return new Limit(what, perSecond, operations, messageBytes, latency, windows);
        }
    }

    /**
     * @param count windows measured
     * @param firstPerSecond the first window's rate: how far from the limit a cold store is
     * @param steady whether the last windows stopped improving before {@code raw-max}
     */
    record Windows(int count, double firstPerSecond, boolean steady) {

        /** One window on its own: not known to be steady. */
        static Windows single(double perSecond) {
            return new Windows(1, perSecond, false);
        }
    }

    /** A window is no better than the best before it unless it beats it by more than this share. */
    static final double STEADY_WITHIN = 0.05;

    /** The rate is steady after this many windows in a row that were no better. */
    static final int STEADY_AFTER = 2;

    private final BenchSettings settings;
    private final Samples samples;
    private final LongSupplier nanoTime;

    RawLimits(BenchSettings settings, Samples samples) {
        this(settings, samples, System::nanoTime);
    }

    /** @param nanoTime the clock that decides when {@code raw-max} has passed */
    RawLimits(BenchSettings settings, Samples samples, LongSupplier nanoTime) {
        this.settings = settings;
        this.samples = samples;
        this.nanoTime = nanoTime;
    }

    Limit mongoInserts() throws Exception {
        return untilSteady("mongodb", this::mongoInsertsWindow);
    }

    Limit kafkaProduce() throws Exception {
        return untilSteady("kafka", this::kafkaProduceWindow);
    }

    Limit postgresUpserts() throws Exception {
        return untilSteady("postgresql", this::postgresUpsertsWindow);
    }

    interface Window {
        Limit run() throws Exception;
    }

    /**
     * Measures windows of {@code raw-duration} until the rate is steady, starting none after {@code raw-max}, and
     * reports the best. A store whose JIT is cold is far from its limit: a single first window can be several times
     * below the steady rate (runs are in bench/results/history.md).
     */
    Limit untilSteady(String store, Window window) throws Exception {
        long deadline = nanoTime.getAsLong() + settings.rawMax().toNanos();
        Limit first = measured(store, 1, window);
        Limit best = first;
        int windows = 1;
        int noBetter = 0;
        while (noBetter < STEADY_AFTER && nanoTime.getAsLong() < deadline) {
            Limit next = measured(store, ++windows, window);
            noBetter = next.perSecond() > best.perSecond() * (1 + STEADY_WITHIN) ? 0 : noBetter + 1;
            if (next.perSecond() > best.perSecond()) {
                best = next;
            }
        }
        return best.after(new Windows(windows, first.perSecond(), noBetter >= STEADY_AFTER));
    }

    private static Limit measured(String store, int number, Window window) throws Exception {
        Limit limit = window.run();
        Bench.progress("raw %s, window %d: %.0f/s", store, number, limit.perSecond());
        return limit;
    }

    /**
     * One acknowledged insert per commit document, from {@code raw-threads} threads, into a collection with the
     * event store's three indexes: the cost of exactly the write orders-service makes per create.
     */
    private Limit mongoInsertsWindow() throws Exception {
        MongoClientSettings clientSettings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(settings.mongodbUri()))
                .writeConcern(WriteConcern.ACKNOWLEDGED)
                .build();
        try (MongoClient client = MongoClients.create(clientSettings)) {
            MongoCollection<Document> commits =
                    client.getDatabase(MONGO_DATABASE).getCollection(MONGO_COLLECTION);
            commits.drop();
            BaselineService.indexLikeTheEventStore(commits);
            int size = new RawBsonDocument(samples.commit(UUID.randomUUID().toString()), new DocumentCodec())
                    .getByteBuffer()
                    .remaining();
            Latencies latencies = new Latencies();
            Throughput done = inParallel(settings.rawThreads(), thread -> {
                long n = 0;
                long end = System.nanoTime() + settings.rawDuration().toNanos();
                while (System.nanoTime() < end) {
                    Document commit = samples.commit(UUID.randomUUID().toString());
                    long start = System.nanoTime();
                    commits.insertOne(commit);
                    latencies.recordNanos(System.nanoTime() - start);
                    n++;
                }
                return n;
            });
            commits.drop();
            return new Limit(
                    "MongoDB single inserts (acknowledged)",
                    done.perSecond(),
                    done.count(),
                    size,
                    latencies.summary(),
                    Windows.single(done.perSecond()));
        }
    }

    /** Envelope-sized records with their headers through one idempotent producer with acks=all, as the outbox relay. */
    private Limit kafkaProduceWindow() throws Exception {
        createTopic(KAFKA_TOPIC);
        byte[] value = samples.createdBytes(UUID.randomUUID().toString());
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (var producer =
                new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
            long end = start + settings.rawDuration().toNanos();
            while (System.nanoTime() < end) {
                var record = new ProducerRecord<String, byte[]>(
                        KAFKA_TOPIC, UUID.randomUUID().toString(), value);
                headers(record);
                producer.send(
                        record, (metadata, failure) -> (failure == null ? acknowledged : failed).incrementAndGet());
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records to " + KAFKA_TOPIC + " failed");
        }
        return new Limit(
                "Kafka produce (acks=all, idempotent)",
                acknowledged.get() / seconds,
                acknowledged.get(),
                value.length,
                new Latencies().summary(),
                Windows.single(acknowledged.get() / seconds));
    }

    /**
     * Batched upserts ({@code INSERT … ON CONFLICT DO UPDATE}, {@code upsert-batch-size} rows a batch, one transaction
     * a batch, {@code reWriteBatchedInserts} as query-service) of order-row-sized rows into a scratch table, from
     * {@code raw-threads} connections on disjoint keys. Half the upserts hit an existing row.
     */
    private Limit postgresUpsertsWindow() throws Exception {
        try (Connection connection = connect();
                Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + POSTGRES_TABLE);
            ddl.execute("CREATE TABLE " + POSTGRES_TABLE + " (order_id varchar(100) PRIMARY KEY,"
                    + " customer_id varchar(200) NOT NULL, product varchar(200) NOT NULL, quantity integer NOT NULL,"
                    + " status varchar(20) NOT NULL, version bigint NOT NULL, reason text,"
                    + " created_at timestamptz NOT NULL, processing_requested_at timestamptz,"
                    + " processed_at timestamptz, rejected_at timestamptz, shipped_at timestamptz,"
                    + " delivered_at timestamptz, cancelled_at timestamptz, updated_at timestamptz NOT NULL)");
        }
        Latencies latencies = new Latencies();
        int batch = settings.upsertBatchSize();
        Throughput done = inParallel(settings.rawThreads(), thread -> {
            long rows = 0;
            try (Connection connection = connect();
                    PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + POSTGRES_TABLE
                            + " (order_id, customer_id, product, quantity, status, version, reason, created_at,"
                            + " processing_requested_at, processed_at, rejected_at, shipped_at, delivered_at,"
                            + " cancelled_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status,"
                            + " version = EXCLUDED.version, reason = EXCLUDED.reason,"
                            + " processing_requested_at = EXCLUDED.processing_requested_at,"
                            + " processed_at = EXCLUDED.processed_at, rejected_at = EXCLUDED.rejected_at,"
                            + " shipped_at = EXCLUDED.shipped_at, delivered_at = EXCLUDED.delivered_at,"
                            + " cancelled_at = EXCLUDED.cancelled_at, updated_at = EXCLUDED.updated_at"
                            + " WHERE " + POSTGRES_TABLE + ".version < EXCLUDED.version")) {
                connection.setAutoCommit(false);
                long end = System.nanoTime() + settings.rawDuration().toNanos();
                for (long round = 0; System.nanoTime() < end; round++) {
                    // Every row is written twice: once new, then as an update to a higher version.
                    long key = round / 2;
                    long version = round % 2 + 1;
                    long start = System.nanoTime();
                    Timestamp now = Timestamp.from(Instant.now());
                    for (int i = 0; i < batch; i++) {
                        upsert.setString(1, "bench-" + thread + "-" + (key * batch + i));
                        upsert.setString(2, "bench-" + (i % 1000));
                        upsert.setString(3, settings.product());
                        upsert.setInt(4, settings.quantity());
                        upsert.setString(5, version == 1 ? "CREATED" : "PROCESSED");
                        upsert.setLong(6, version);
                        upsert.setString(7, null);
                        upsert.setTimestamp(8, now);
                        upsert.setTimestamp(9, version == 1 ? null : now);
                        upsert.setTimestamp(10, version == 1 ? null : now);
                        upsert.setTimestamp(11, null);
                        upsert.setTimestamp(12, null);
                        upsert.setTimestamp(13, null);
                        upsert.setTimestamp(14, null);
                        upsert.setTimestamp(15, now);
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                    connection.commit();
                    latencies.recordNanos(System.nanoTime() - start);
                    rows += batch;
                }
            }
            return rows;
        });
        try (Connection connection = connect();
                Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE " + POSTGRES_TABLE);
        }
        return new Limit(
                "PostgreSQL batched upserts (" + batch + " rows/batch)",
                done.perSecond(),
                done.count(),
                ROW_BYTES,
                latencies.summary(),
                Windows.single(done.perSecond()));
    }

    /** Roughly what one order row carries (ids, names, integers, four timestamps), for the report. */
    private static final int ROW_BYTES = 36 + 10 + 6 + 4 + 9 + 8 + 4 * 8;

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.postgresUser());
        properties.setProperty("password", settings.postgresPassword());
        properties.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(settings.postgresUrl(), properties);
    }

    Map<String, Object> producerProperties() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                // orders-service's producer setting, so the comparison is like for like.
                ProducerConfig.LINGER_MS_CONFIG,
                2);
    }

    /** The headers {@link EventEnvelopeSerializer} adds, so records are as large as the relay's. */
    static void headers(ProducerRecord<String, byte[]> record) {
        String id = UUID.randomUUID().toString();
        record.headers()
                .add("event-type", "OrderCreated".getBytes(StandardCharsets.UTF_8))
                .add("event-id", id.getBytes(StandardCharsets.UTF_8))
                .add("schema-version", "1".getBytes(StandardCharsets.UTF_8))
                .add("correlation-id", id.getBytes(StandardCharsets.UTF_8));
    }

    void createTopic(String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private record Throughput(long count, Duration elapsed) {
        double perSecond() {
            return count / (elapsed.toNanos() / 1e9);
        }
    }

    private interface Worker {
        long run(int thread) throws Exception;
    }

    private static Throughput inParallel(int threads, Worker worker) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            long start = System.nanoTime();
            List<Future<Long>> results = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int id = thread;
                results.add(executor.submit((Callable<Long>) () -> worker.run(id)));
            }
            long count = 0;
            for (Future<Long> result : results) {
                count += result.get();
            }
            return new Throughput(count, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
