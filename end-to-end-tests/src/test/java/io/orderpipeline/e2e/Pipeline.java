package io.orderpipeline.e2e;

import io.orderpipeline.orders.OrdersApplication;
import io.orderpipeline.processor.ProcessorApplication;
import io.orderpipeline.query.QueryApplication;
import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.MongoInfrastructure;
import io.orderpipeline.testing.PostgresInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The three services booted in this JVM, each as its own Spring application with its own configuration file, all
 * connected to the same Kafka, MongoDB and PostgreSQL of the infrastructure switch. Sharing one classpath, each
 * service would also see the others' stores; the auto-configuration of a store a service does not own is excluded
 * here, so the services themselves stay unaware of this test. Published as this module's test jar: the bench's
 * smoke test runs on it too.
 */
public final class Pipeline implements AutoCloseable {

    /**
     * Units of every product processor-service starts with unless the arguments say otherwise: a product without stock
     * rejects its orders, and the tests and the bench's smoke test expect theirs processed.
     */
    public static final long DEFAULT_INITIAL_STOCK = 1_000_000;

    private static final String INITIAL_STOCK = "--processor.inventory.initial-stock=";

    private final List<String> arguments;
    private final ConfigurableApplicationContext orders;
    private ConfigurableApplicationContext processor;
    private ConfigurableApplicationContext query;

    private Pipeline(
            List<String> arguments,
            ConfigurableApplicationContext orders,
            ConfigurableApplicationContext processor,
            ConfigurableApplicationContext query) {
        this.arguments = arguments;
        this.orders = orders;
        this.processor = processor;
        this.query = query;
    }

    private static final List<Class<?>> POSTGRES_AUTO_CONFIGURATION =
            List.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class);

    private static final List<Class<?>> MONGO_AUTO_CONFIGURATION =
            List.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class);

    /**
     * @param arguments settings for all three services, as command-line arguments (they outrank each service's own
     *     configuration file), e.g. {@code --processor.rules.max-quantity=10}; processor-service starts every
     *     product with {@link #DEFAULT_INITIAL_STOCK} units unless they name {@code --processor.inventory.initial-stock}
     */
    public static Pipeline start(String... arguments) {
        List<String> shared = List.of(arguments);
        // orders-service first: it declares orders.events, which the other two subscribe to.
        var orders = run(
                OrdersApplication.application(),
                List.of(KafkaInfrastructure.class, MongoInfrastructure.class),
                POSTGRES_AUTO_CONFIGURATION,
                shared);
        var processor = startProcessor(shared);
        var query = startQuery(url(orders), 0, shared);
        return new Pipeline(shared, orders, processor, query);
    }

    public RestClient orders() {
        return client(orders);
    }

    public RestClient query() {
        return client(query);
    }

    /** Creates an order of a laptop for customer {@code c-e2e} and answers its id; fails unless it is 201 Created. */
    public String create(int quantity) {
        ResponseEntity<Map> created = orders().post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("customerId", "c-e2e", "product", "laptop", "quantity", quantity))
                .retrieve()
                .toEntity(Map.class);
        if (created.getStatusCode() != HttpStatus.CREATED) {
            throw new AssertionError("create answered " + created.getStatusCode() + ": " + created.getBody());
        }
        return (String) created.getBody().get("orderId");
    }

    /** Asks orders-service to process the order; the answer as it came. */
    public ResponseEntity<Map> process(String orderId) {
        return orders().post().uri("/orders/{id}/process", orderId).retrieve().toEntity(Map.class);
    }

    public String ordersUrl() {
        return url(orders);
    }

    public String queryUrl() {
        return url(query);
    }

    public String processorUrl() {
        return url(processor);
    }

    /** A bean of orders-service, e.g. the connection details it was given. */
    public <T> T ordersBean(Class<T> type) {
        return orders.getBean(type);
    }

    /** A bean of query-service, e.g. the connection details it was given. */
    public <T> T queryBean(Class<T> type) {
        return query.getBean(type);
    }

    /** Stops query-service, runs {@code meanwhile}, and starts it again on the same port (where a page reconnects). */
    public void restartQuery(Runnable meanwhile) {
        int port = Integer.parseInt(query.getEnvironment().getProperty("local.server.port"));
        query.close();
        meanwhile.run();
        query = startQuery(url(orders), port, arguments);
    }

    public void stopProcessor() {
        processor.close();
    }

    public void restartProcessor() {
        processor = startProcessor(arguments);
    }

    @Override
    public void close() {
        query.close();
        processor.close();
        orders.close();
    }

    /** The live page sends its commands to orders-service at the address query-service gives it. */
    private static ConfigurableApplicationContext startQuery(String ordersUrl, int port, List<String> arguments) {
        return run(
                QueryApplication.application(),
                List.of(KafkaInfrastructure.class, PostgresInfrastructure.class),
                MONGO_AUTO_CONFIGURATION,
                Stream.concat(Stream.of("--query.page.orders-url=" + ordersUrl), arguments.stream())
                        .toList(),
                port);
    }

    private static ConfigurableApplicationContext startProcessor(List<String> arguments) {
        return run(
                ProcessorApplication.application(),
                List.of(KafkaInfrastructure.class),
                Stream.concat(POSTGRES_AUTO_CONFIGURATION.stream(), MONGO_AUTO_CONFIGURATION.stream())
                        .toList(),
                withInitialStock(arguments));
    }

    /** Adds the default stock only when not given: a repeated command-line setting would join both values. */
    static List<String> withInitialStock(List<String> arguments) {
        if (arguments.stream().anyMatch(argument -> argument.startsWith(INITIAL_STOCK))) {
            return arguments;
        }
        return Stream.concat(Stream.of(INITIAL_STOCK + DEFAULT_INITIAL_STOCK), arguments.stream())
                .toList();
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder application,
            List<Class<?>> infrastructure,
            List<Class<?>> notOwned,
            List<String> arguments) {
        return run(application, infrastructure, notOwned, arguments, 0);
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder application,
            List<Class<?>> infrastructure,
            List<Class<?>> notOwned,
            List<String> arguments,
            int port) {
        List<String> commandLine = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.autoconfigure.exclude="
                        + notOwned.stream().map(Class::getName).collect(Collectors.joining(","))));
        commandLine.addAll(arguments);
        return application.sources(infrastructure.toArray(Class<?>[]::new)).run(commandLine.toArray(String[]::new));
    }

    private static RestClient client(ConfigurableApplicationContext service) {
        return RestClient.builder()
                .baseUrl(url(service))
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    private static String url(ConfigurableApplicationContext service) {
        return "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
    }
}
