package io.orderpipeline.processor.inventory;

import io.orderpipeline.events.Topics;

/** The names the inventory's topology and its HTTP admin share. */
final class Inventory {

    /** Stock commands from the HTTP admin ({@link StockCommand}), keyed by product. */
    static final String COMMANDS = Topics.INVENTORY_COMMANDS;

    /** Answers to stock commands ({@link StockCommandReply}), sent where the command's reply-topic header says. */
    static final String COMMAND_REPLIES = "inventory.command-replies";

    /** The state store of {@link Stock} per product, also read by the HTTP admin (interactive queries). */
    static final String STOCK_STORE = "stock";

    private Inventory() {}
}
