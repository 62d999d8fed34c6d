package io.orderpipeline.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderpipeline.events.OrderCreated;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-insert service the create scenario compares orders-service with: {@code POST /orders} reads the JSON body,
 * inserts the commit document orders-service stores for a create (one {@code OrderCreated} envelope) into a collection
 * of its own with the event store's unique indexes, and answers 201 with the id. Nothing else: no validation beyond
 * parsing, no command log, no outbox, no downstream work. The bench starts it as a JVM of its own, so its CPU is
 * measured from /proc like the services'.
 *
 * <p>Arguments: {@code <port> <mongodb-uri>}.
 */
public final class BaselineService {

    static final String DATABASE = "bench";
    static final String COLLECTION = "baseline_commits";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BaselineService() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        MongoClient mongo = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(args[1]))
                .writeConcern(WriteConcern.ACKNOWLEDGED)
                .build());
        MongoCollection<Document> commits = mongo.getDatabase(DATABASE).getCollection(COLLECTION);
        commits.drop();
        indexLikeTheEventStore(commits);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/orders", exchange -> create(exchange, commits));
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.start();
        System.out.println("Listening on " + port);
    }

    /** The event store's indexes: optimistic concurrency, idempotency, and the outbox's partial index. */
    static void indexLikeTheEventStore(MongoCollection<Document> commits) {
        commits.createIndex(Indexes.ascending("orderId", "fromVersion"), new IndexOptions().unique(true));
        commits.createIndex(Indexes.ascending("commandId"), new IndexOptions().unique(true));
        commits.createIndex(
                Indexes.ascending("published"),
                new IndexOptions().partialFilterExpression(Filters.eq("published", false)));
    }

    private static void create(HttpExchange exchange, MongoCollection<Document> commits) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "{}");
            return;
        }
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in);
        } catch (RuntimeException unreadable) {
            answer(exchange, 400, "{}");
            return;
        }
        String orderId = UUID.randomUUID().toString();
        OrderCreated created = new OrderCreated(
                body.path("customerId").asString(),
                body.path("product").asString(),
                body.path("quantity").asInt());
        try {
            commits.insertOne(Samples.commit(Samples.created(orderId, created)));
        } catch (RuntimeException storeFailed) {
            answer(exchange, 503, "{}");
            return;
        }
        answer(exchange, 201, "{\"orderId\":\"" + orderId + "\",\"status\":\"CREATED\",\"version\":1}");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
