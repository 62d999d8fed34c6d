package io.orderpipeline.e2e;

import io.orderpipeline.orders.OrdersApplication;
import io.orderpipeline.processor.ProcessorApplication;
import io.orderpipeline.query.QueryApplication;
import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.MongoInfrastructure;
import io.orderpipeline.testing.PostgresInfrastructure;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The three services booted in this JVM, each as its own Spring application with its own configuration file, all
 * connected to the same Kafka, MongoDB and PostgreSQL of the infrastructure switch. Sharing one classpath, each
 * service would also see the others' stores; the auto-configuration of a store a service does not own is excluded
 * here, so the services themselves stay unaware of this test.
 */
final class Pipeline implements AutoCloseable {

    static final int MAX_QUANTITY = 10;

    private final ConfigurableApplicationContext orders;
    private ConfigurableApplicationContext processor;
    private final ConfigurableApplicationContext query;

    private Pipeline(
            ConfigurableApplicationContext orders,
            ConfigurableApplicationContext processor,
            ConfigurableApplicationContext query) {
        this.orders = orders;
        this.processor = processor;
        this.query = query;
    }

    private static final List<Class<?>> POSTGRES_AUTO_CONFIGURATION = List.of(
            DataSourceAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class,
            DataJpaRepositoriesAutoConfiguration.class,
            FlywayAutoConfiguration.class);

    private static final List<Class<?>> MONGO_AUTO_CONFIGURATION =
            List.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class);

    static Pipeline start() {
        // orders-service first: it declares orders.events, which the other two subscribe to.
        var orders = run(
                OrdersApplication.application(),
                List.of(KafkaInfrastructure.class, MongoInfrastructure.class),
                POSTGRES_AUTO_CONFIGURATION);
        var processor = startProcessor();
        var query = run(
                QueryApplication.application(),
                List.of(KafkaInfrastructure.class, PostgresInfrastructure.class),
                MONGO_AUTO_CONFIGURATION);
        return new Pipeline(orders, processor, query);
    }

    RestClient orders() {
        return client(orders);
    }

    RestClient query() {
        return client(query);
    }

    void stopProcessor() {
        processor.close();
    }

    void restartProcessor() {
        processor = startProcessor();
    }

    @Override
    public void close() {
        query.close();
        processor.close();
        orders.close();
    }

    private static ConfigurableApplicationContext startProcessor() {
        return run(
                ProcessorApplication.application(),
                List.of(KafkaInfrastructure.class),
                Stream.concat(POSTGRES_AUTO_CONFIGURATION.stream(), MONGO_AUTO_CONFIGURATION.stream())
                        .toList());
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder application, List<Class<?>> infrastructure, List<Class<?>> notOwned) {
        // Command-line arguments outrank each service's own configuration file.
        return application
                .sources(infrastructure.toArray(Class<?>[]::new))
                .run(
                        "--server.port=0",
                        "--spring.mongodb.database=e2e",
                        "--processor.rules.max-quantity=" + MAX_QUANTITY,
                        "--spring.autoconfigure.exclude="
                                + notOwned.stream().map(Class::getName).collect(Collectors.joining(",")));
    }

    private static RestClient client(ConfigurableApplicationContext service) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + service.getEnvironment().getProperty("local.server.port"))
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }
}
