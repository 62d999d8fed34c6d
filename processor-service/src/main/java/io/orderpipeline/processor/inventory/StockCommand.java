package io.orderpipeline.processor.inventory;

import static java.util.Objects.requireNonNull;

/**
 * A change of a product's stock asked for over HTTP, on {@link Inventory#COMMANDS} keyed by {@code product}. The
 * topology decides it against the current stock, so a refusal (on hand below reserved) can never race a reservation.
 *
 * @param commandId unique per request; the reply carries it back
 * @param quantity units received ({@link Type#RECEIVE}, at least 1) or the counted on-hand ({@link Type#SET_ON_HAND},
 *     at least 0)
 * @param reason why, in words (e.g. {@code stock count}); may be null
 */
public record StockCommand(String commandId, Type type, String product, long quantity, String reason) {

    public enum Type {
        RECEIVE,
        SET_ON_HAND
    }

    public StockCommand {
        requireNonNull(commandId, "commandId");
        requireNonNull(type, "type");
        requireNonNull(product, "product");
    }
}
