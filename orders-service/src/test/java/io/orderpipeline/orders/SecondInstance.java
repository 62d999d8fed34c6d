package io.orderpipeline.orders;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Another orders-service beside a test's own: on a random port, on the stores and with the settings it is given. */
public final class SecondInstance {

    private SecondInstance() {}

    /**
     * @param settings more {@code --name=value} arguments, e.g. {@code --orders.outbox.poll-interval=100ms}
     */
    public static ConfigurableApplicationContext start(
            String mongoUri, String database, List<String> kafkaBootstrapServers, String... settings) {
        // As command-line arguments: they outrank orders-service.yml, as the environment would in production.
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.mongodb.uri=" + mongoUri,
                "--spring.mongodb.database=" + database,
                "--spring.kafka.bootstrap-servers=" + String.join(",", kafkaBootstrapServers),
                // Keep the test's own instance's consumer group (processing results) to itself.
                "--spring.kafka.listener.auto-startup=false"));
        arguments.addAll(List.of(settings));
        return OrdersApplication.application().run(arguments.toArray(String[]::new));
    }

    public static OrdersClient client(ConfigurableApplicationContext instance) {
        return new OrdersClient(
                ((WebServerApplicationContext) instance).getWebServer().getPort());
    }
}
