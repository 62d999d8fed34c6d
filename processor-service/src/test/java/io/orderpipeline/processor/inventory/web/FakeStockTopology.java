package io.orderpipeline.processor.inventory.web;

import static org.awaitility.Awaitility.await;

import io.orderpipeline.processor.inventory.Inventory;
import io.orderpipeline.processor.inventory.JsonSerde;
import io.orderpipeline.processor.inventory.Stock;
import io.orderpipeline.processor.inventory.StockCommand;
import io.orderpipeline.processor.inventory.StockCommandReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A FAKE of the processor's inventory topology, for the admin's tests until the real one is merged: plain clients on
 * the real broker that read {@code inventory.commands} and answer each command as the contract says (a {@link
 * StockCommandReply} to the topic in its {@code kafka_replyTopic} header, {@code kafka_correlationId} copied),
 * deciding against a map of its own. It reads only commands sent after it started.
 */
final class FakeStockTopology implements AutoCloseable {

    private final Map<String, Stock> stock = new ConcurrentHashMap<>();
    private final Set<String> silenced = ConcurrentHashMap.newKeySet();
    private final Set<String> garbled = ConcurrentHashMap.newKeySet();
    final List<ConsumerRecord<String, StockCommand>> commands = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final KafkaConsumer<String, StockCommand> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread loop;

    FakeStockTopology(List<String> bootstrapServers) {
        String servers = String.join(",", bootstrapServers);
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "fake-stock-topology-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new StringDeserializer(),
                JsonSerde.of(StockCommand.class).deserializer());
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                new StringSerializer(),
                new ByteArraySerializer());
        consumer.subscribe(List.of(Inventory.COMMANDS));
        // Only once it has its partitions and their end positions do commands reach it.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(this::answer);
            return !consumer.assignment().isEmpty();
        });
        consumer.assignment().forEach(consumer::position);
        loop = Thread.ofPlatform().name("fake-stock-topology").start(() -> {
            while (running.get()) {
                consumer.poll(Duration.ofMillis(50)).forEach(this::answer);
            }
            consumer.close();
        });
    }

    void put(Stock current) {
        stock.put(current.product(), current);
    }

    /** Commands for this product get no answer, as when the topology is down. */
    void silence(String product) {
        silenced.add(product);
    }

    /** Commands for this product are answered with a reply nobody can read. */
    void garble(String product) {
        garbled.add(product);
    }

    private void answer(ConsumerRecord<String, StockCommand> record) {
        commands.add(record);
        StockCommand command = record.value();
        if (silenced.contains(command.product())) {
            return;
        }
        byte[] reply = garbled.contains(command.product())
                ? "{not a reply".getBytes(StandardCharsets.UTF_8)
                : JsonSerde.of(StockCommandReply.class).serializer().serialize(null, decide(command));
        Header replyTopic = record.headers().lastHeader(KafkaHeaders.REPLY_TOPIC);
        var answer =
                new ProducerRecord<>(new String(replyTopic.value(), StandardCharsets.UTF_8), command.product(), reply);
        answer.headers().add(record.headers().lastHeader(KafkaHeaders.CORRELATION_ID));
        producer.send(answer);
        producer.flush();
    }

    private StockCommandReply decide(StockCommand command) {
        Stock now = stock.getOrDefault(command.product(), Stock.none(command.product()));
        return switch (command.type()) {
            case RECEIVE ->
                accept(
                        command,
                        new Stock(now.product(), now.onHand() + command.quantity(), now.reserved(), now.version() + 1));
            case SET_ON_HAND ->
                command.quantity() < now.reserved()
                        ? new StockCommandReply(
                                command.commandId(),
                                false,
                                "on hand " + command.quantity() + " cannot be set below the " + now.reserved()
                                        + " reserved",
                                now)
                        : accept(
                                command,
                                new Stock(now.product(), command.quantity(), now.reserved(), now.version() + 1));
        };
    }

    private StockCommandReply accept(StockCommand command, Stock after) {
        stock.put(after.product(), after);
        return new StockCommandReply(command.commandId(), true, null, after);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        loop.join();
        producer.close();
    }
}
