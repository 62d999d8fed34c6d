package io.orderpipeline.orders.order;

import io.orderpipeline.orders.commandlog.CommandLog;
import io.orderpipeline.orders.commandlog.CommandLogEntry;
import io.orderpipeline.orders.commandlog.CommandLogEntry.Outcome;
import io.orderpipeline.orders.eventstore.ConcurrentAppendException;
import io.orderpipeline.orders.order.OrderCommand.CreateOrder;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * The one way a command goes, whether it came over HTTP or from Kafka: idempotency (the command id a key or a record
 * is bound to, replayed from its commit by {@link OrderService}), handling, and the command log.
 *
 * <p>An accepted command is logged by its commit, which records the command; only what left no commit is written to
 * the command log here: a replay, and the refusal or failure of a Kafka command. An HTTP command that is refused or
 * fails is logged with the problem answer it gets, whichever layer refused it (see the web package), so that it
 * carries the status and the words the client got.
 */
@Component
public class CommandPipeline {

    private final OrderService orders;
    private final CommandLog commandLog;

    CommandPipeline(OrderService orders, CommandLog commandLog) {
        this.orders = orders;
        this.commandLog = commandLog;
    }

    /**
     * @param orderId the order addressed; ignored for a create, whose order id is its command id
     * @param expectedVersion the version the client decided on ({@code If-Match}); empty to accept any
     * @return the order after the command; {@link OrderState#repeated()} if it was committed before and replayed
     * @throws RuntimeException the refusal (see {@link OrderService#handle}) or failure, already logged for Kafka
     */
    public OrderState run(
            String orderId, OrderCommand command, CommandMetadata metadata, OptionalLong expectedVersion) {
        long started = System.nanoTime();
        OrderState state;
        try {
            state = command instanceof CreateOrder create
                    ? orders.create(create, metadata)
                    : orders.handle(orderId, command, metadata, expectedVersion);
        } catch (RuntimeException refused) {
            if (CommandMetadata.KAFKA.equals(metadata.source())) {
                commandLog.record(entry(
                        orderId,
                        command,
                        metadata,
                        isRefusal(refused) ? Outcome.REFUSED : Outcome.FAILED,
                        null,
                        refused.getMessage(),
                        started));
            }
            throw refused;
        }
        if (state.repeated()) {
            commandLog.record(
                    entry(state.orderId(), command, metadata, Outcome.REPLAYED, state.version(), null, started));
        }
        return state;
    }

    private static boolean isRefusal(RuntimeException e) {
        return e instanceof IllegalTransitionException
                || e instanceof ConcurrentAppendException
                || e instanceof OrderNotFoundException
                || e instanceof VersionMismatchException
                || e instanceof IdempotencyKeyReusedException;
    }

    private static CommandLogEntry entry(
            String orderId,
            OrderCommand command,
            CommandMetadata metadata,
            Outcome outcome,
            Long version,
            String reason,
            long started) {
        return new CommandLogEntry(
                metadata.receivedAt(),
                metadata.source(),
                command.name(),
                command instanceof CreateOrder ? metadata.commandId() : orderId,
                metadata.commandId(),
                metadata.idempotencyKey(),
                outcome,
                null,
                version,
                reason,
                Duration.ofNanos(System.nanoTime() - started));
    }
}
