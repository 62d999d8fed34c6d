package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.processor.inventory.Inventory;
import io.orderpipeline.processor.inventory.Stock;
import io.orderpipeline.processor.inventory.StockCommand;
import io.orderpipeline.processor.inventory.StockCommandReply;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.requestreply.KafkaReplyTimeoutException;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

/**
 * Sends a stock command to the topology, keyed by product, and waits for its decision: the stock after it, or a
 * {@link StockChangeRefusedException}. The topology decides it against the stock in its own transaction, so a
 * refusal can never race a reservation.
 */
@Component
class StockCommands {

    private static final Logger log = LoggerFactory.getLogger(StockCommands.class);

    private final ReplyingKafkaTemplate<String, StockCommand, StockCommandReply> template;
    private final StockAdminProperties properties;

    StockCommands(
            @Qualifier(StockAdminKafkaConfiguration.TEMPLATE)
                    ReplyingKafkaTemplate<String, StockCommand, StockCommandReply> template,
            StockAdminProperties properties) {
        this.template = template;
        this.properties = properties;
    }

    Stock receive(String product, long quantity, String reason) {
        return decide(new StockCommand(commandId(), StockCommand.Type.RECEIVE, product, quantity, reason));
    }

    Stock setOnHand(String product, long count, String reason) {
        return decide(new StockCommand(commandId(), StockCommand.Type.SET_ON_HAND, product, count, reason));
    }

    private Stock decide(StockCommand command) {
        StockCommandReply reply = send(command);
        if (!reply.accepted()) {
            throw new StockChangeRefusedException(reply.refusal(), reply.stock());
        }
        return reply.stock();
    }

    private StockCommandReply send(StockCommand command) {
        try {
            // Until the reply consumer has its partitions, a reply could pass unseen.
            if (!template.waitForAssignment(properties.replyTimeout())) {
                throw new StockUnavailableException("the stock's replies are not being read yet; retry later");
            }
            return template.sendAndReceive(new ProducerRecord<>(Inventory.COMMANDS, command.product(), command))
                    .get()
                    .value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StockUnavailableException("the request was interrupted; retry later");
        } catch (ExecutionException | KafkaException e) {
            Throwable failure = e instanceof ExecutionException ? e.getCause() : e;
            log.warn(
                    "Stock command {} for {} got no answer: {}",
                    command.commandId(),
                    command.product(),
                    failure.toString());
            throw new StockUnavailableException(
                    switch (failure) {
                        case KafkaReplyTimeoutException timeout ->
                            "the stock did not answer within "
                                    + properties.replyTimeout().toMillis()
                                    + " ms; the change may still be made, read the stock before retrying";
                        case DeserializationException unreadable ->
                            "the stock's answer could not be read; the change"
                                    + " may have been made, read the stock before retrying";
                        default -> "the stock's command topic could not be reached; retry later";
                    });
        }
    }

    private static String commandId() {
        return UUID.randomUUID().toString();
    }
}
