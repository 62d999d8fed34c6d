package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.orders.order.CommandPipeline;
import io.orderpipeline.orders.order.OrderCommand.RecordProcessingOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;

/**
 * The MongoDB commands the accepted path of a lifecycle costs, counted by the driver's command listener: each of
 * create, process and the processor's outcome is one insert of its commit, and nothing else (no read of a stream this
 * instance wrote moments ago, no idempotency record, no command log entry).
 */
@OrdersServiceTest
@Import(CommandRoundTripsIT.RecordedCommands.class)
class CommandRoundTripsIT {

    private static final Map<String, Object> LAPTOPS = Map.of("customerId", "c-1", "product", "laptop", "quantity", 2);
    private static final List<String> SENT = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @Autowired
    CommandPipeline commands;

    private OrdersClient orders;

    @BeforeEach
    void setUp() {
        orders = new OrdersClient(port);
    }

    @Test
    void anAcceptedCreateIsOneInsert() {
        int before = SENT.size();
        String orderId = orders.createOrder();

        assertThat(commandsFor(orderId, before)).containsExactly("insert commits");
    }

    @Test
    void anAcceptedCreateWithAKeyIsOneInsert() {
        HttpHeaders key = new HttpHeaders();
        key.set("Idempotency-Key", UUID.randomUUID().toString());
        int before = SENT.size();

        String orderId = (String) orders.post("/orders", LAPTOPS, key).getBody().get("orderId");

        assertThat(commandsFor(orderId, before)).containsExactly("insert commits");
    }

    @Test
    void processAndOutcomeAfterACreateOnTheSameInstanceAreOneInsertEach() {
        String orderId = orders.createOrder();
        int before = SENT.size();

        orders.post("/orders/" + orderId + "/process", null);
        commands.run(
                orderId,
                new RecordProcessingOutcome(new OrderProcessed(), Instant.now()),
                new CommandMetadata(
                        "outcome:" + UUID.randomUUID(),
                        orderId,
                        orderId,
                        CommandMetadata.KAFKA,
                        null,
                        null,
                        Instant.now()),
                OptionalLong.empty());

        assertThat(commandsFor(orderId, before)).containsExactly("insert commits", "insert commits");
    }

    /**
     * Commands sent since {@code from} that name the order, or write to a collection the accepted path must not touch;
     * taken at once, before the outbox relay acts on the commit.
     */
    private static List<String> commandsFor(String orderId, int from) {
        return List.copyOf(SENT.subList(from, SENT.size())).stream()
                .filter(sent -> sent.contains(orderId)
                        || sent.startsWith("insert commands ")
                        || sent.contains(" idempotency_keys "))
                .map(sent -> sent.substring(0, sent.indexOf(' ', sent.indexOf(' ') + 1)))
                .toList();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordedCommands {

        @Bean
        MongoClientSettingsBuilderCustomizer recordCommands() {
            return settings -> settings.addCommandListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    String name = event.getCommandName();
                    var target = event.getCommand().get(name);
                    String collection = target != null && target.isString()
                            ? target.asString().getValue()
                            : "-";
                    SENT.add(name + " " + collection + " " + event.getCommand().toJson());
                }
            });
        }
    }
}
