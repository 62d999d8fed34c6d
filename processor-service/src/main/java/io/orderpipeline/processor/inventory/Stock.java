package io.orderpipeline.processor.inventory;

/**
 * One product's stock as the inventory topology holds it in its {@link Inventory#STOCK_STORE} store.
 *
 * @param version the version of the product's last stock event; 0 for a product never changed
 */
public record Stock(String product, long onHand, long reserved, long version) {

    public Stock {
        if (reserved < 0 || reserved > onHand) {
            throw new IllegalArgumentException(
                    "reserved " + reserved + " must be between 0 and on hand " + onHand + " for " + product);
        }
    }

    public static Stock none(String product) {
        return new Stock(product, 0, 0, 0);
    }

    public long available() {
        return onHand - reserved;
    }
}
