package io.orderpipeline.processor.inventory;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.orderpipeline.events.Topics;
import io.orderpipeline.processor.KafkaConfiguration;
import io.orderpipeline.processor.ProcessorSettings;
import io.orderpipeline.processor.processing.Decider;
import io.orderpipeline.processor.processing.ProcessingMetrics;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processor as one Kafka Streams topology (see the README for the picture): stage A keyed by order decides by the
 * rules and routes what needs stock through one repartition topic keyed by product, where stage B, together with the
 * admin's commands, keeps each product's stock. With {@code exactly_once_v2} a task's outputs, store changes and
 * consumed offsets commit in one transaction.
 */
@Configuration(proxyBeanMethods = false)
class InventoryTopology {

    /** orderId → {@link OrderHold}: duplicates and the order's product for its ship or cancel. */
    static final String ORDER_STOCK_STORE = "order-stock";

    /** orderId → {@link Reservation}: what an order holds, so a release or a consumption applies once. */
    static final String RESERVATIONS_STORE = "reservations";

    /** The repartition topic, {@code processor-service-by-product-repartition}. */
    static final String BY_PRODUCT = "by-product";

    @Bean
    NewTopic inventoryEventsTopic(ProcessorSettings settings) {
        return KafkaConfiguration.topic(Topics.INVENTORY_EVENTS, settings);
    }

    @Bean
    NewTopic inventoryCommandsTopic(ProcessorSettings settings) {
        return KafkaConfiguration.topic(Inventory.COMMANDS, settings);
    }

    @Bean
    NewTopic inventoryCommandsDeadLetterTopic(ProcessorSettings settings) {
        return KafkaConfiguration.topic(Inventory.COMMANDS + Topics.DEAD_LETTER_SUFFIX, settings);
    }

    @Bean
    NewTopic inventoryCommandRepliesTopic(ProcessorSettings settings) {
        return KafkaConfiguration.topic(Inventory.COMMAND_REPLIES, settings);
    }

    @Bean
    KStream<String, Emit> inventory(
            StreamsBuilder builder,
            Decider decider,
            ProcessingMetrics metrics,
            Clock clock,
            ProcessorSettings settings,
            ObservationRegistry observations,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            KafkaProperties kafka) {
        RecordTraces traces = new RecordTraces(
                observations,
                tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP),
                kafka.getStreams().getApplicationId());
        return build(
                builder,
                decider,
                metrics,
                clock,
                traces,
                settings.inventory().initialStock(),
                settings.topics().partitions());
    }

    static KStream<String, Emit> build(
            StreamsBuilder builder,
            Decider decider,
            ProcessingMetrics metrics,
            Clock clock,
            RecordTraces traces,
            long initialStock,
            int partitions) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ORDER_STOCK_STORE), Serdes.String(), JsonSerde.of(OrderHold.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Inventory.STOCK_STORE), Serdes.String(), JsonSerde.of(Stock.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RESERVATIONS_STORE), Serdes.String(), JsonSerde.of(Reservation.class)));

        Map<String, KStream<String, Routed>> byOrder = builder.stream(
                        Topics.PROCESSING_REQUESTS,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("processing-requests"))
                .process(
                        () -> new OrderStage(decider, metrics, clock, traces),
                        Named.as("decide-by-order"),
                        ORDER_STOCK_STORE)
                .split(Named.as("by-order-"))
                .branch((orderId, routed) -> routed instanceof Work, Branched.as("work"))
                .defaultBranch(Branched.as("emits"));

        Map<String, KStream<String, Routed>> commands = builder.stream(
                        Inventory.COMMANDS,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("stock-commands"))
                .process(() -> new CommandIntake(metrics), Named.as("read-commands"))
                .split(Named.as("commands-"))
                .branch((product, routed) -> routed instanceof Work, Branched.as("work"))
                .defaultBranch(Branched.as("emits"));

        KStream<String, Routed> byProduct = byOrder.get("by-order-work")
                .merge(commands.get("commands-work"), Named.as("orders-and-commands"))
                .mapValues(routed -> (Work) routed, Named.as("as-work"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(Work.class))
                        .withName(BY_PRODUCT)
                        .withNumberOfPartitions(partitions))
                .process(
                        () -> new ProductStage(metrics, clock, initialStock, traces),
                        Named.as("decide-by-product"),
                        Inventory.STOCK_STORE,
                        RESERVATIONS_STORE);

        // One sink per sub-topology: a merge across the repartition topic would fuse the two into one.
        emit(
                byOrder.get("by-order-emits")
                        .merge(commands.get("commands-emits"), Named.as("order-and-command-emits")),
                "emit-by-order");
        return emit(byProduct, "emit-by-product");
    }

    private static KStream<String, Emit> emit(KStream<String, Routed> routed, String name) {
        KStream<String, Emit> emits = routed.mapValues(value -> (Emit) value, Named.as(name + "-as-emit"));
        emits.to(
                Emit.TOPIC,
                Produced.with(Serdes.String(), Emit.SERDE)
                        .withStreamPartitioner(Emit.PARTITION)
                        .withName(name));
        return emits;
    }
}
