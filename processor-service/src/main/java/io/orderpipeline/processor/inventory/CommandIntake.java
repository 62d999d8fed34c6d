package io.orderpipeline.processor.inventory;

import io.orderpipeline.events.InvalidEventException;
import io.orderpipeline.processor.processing.ProcessingMetrics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import tools.jackson.core.JacksonException;

/** Reads the admin's {@link StockCommand}s; one that cannot be read is a dead letter, and the partition goes on. */
final class CommandIntake implements Processor<String, byte[], String, Routed> {

    private static final Deserializer<StockCommand> COMMANDS =
            JsonSerde.of(StockCommand.class).deserializer();

    private final ProcessingMetrics metrics;
    private ProcessorContext<String, Routed> context;

    CommandIntake(ProcessingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        StockCommand command;
        try {
            command = COMMANDS.deserialize(null, record.value());
            if (command == null) {
                throw new InvalidEventException("empty value: not a stock command");
            }
        } catch (JacksonException | SerializationException | InvalidEventException e) {
            metrics.deadLetter();
            Exception reason = e instanceof JacksonException json
                    ? new InvalidEventException("not a stock command: " + json.getOriginalMessage(), e)
                    : e;
            context.forward(DeadLetters.of(record, context.recordMetadata().orElseThrow(), reason));
            return;
        }
        context.forward(record.withKey(command.product()).<Routed>withValue(Work.command(command)));
    }
}
