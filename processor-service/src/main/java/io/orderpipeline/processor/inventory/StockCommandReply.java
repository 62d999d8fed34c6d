package io.orderpipeline.processor.inventory;

/**
 * The topology's answer to a {@link StockCommand}, on the topic its reply-topic header names, with its correlation
 * header copied.
 *
 * @param refusal why the command changed nothing, in words (e.g. {@code on hand 3 cannot be set below the 5
 *     reserved}); null when accepted
 * @param stock the product's stock after the command (unchanged when refused)
 */
public record StockCommandReply(String commandId, boolean accepted, String refusal, Stock stock) {

    static StockCommandReply accepted(StockCommand command, Stock stock) {
        return new StockCommandReply(command.commandId(), true, null, stock);
    }

    static StockCommandReply refused(StockCommand command, String refusal, Stock stock) {
        return new StockCommandReply(command.commandId(), false, refusal, stock);
    }
}
