package io.orderpipeline.processor.inventory;

/** Units an order holds of a product (store {@link InventoryTopology#RESERVATIONS_STORE}), so a release applies once. */
record Reservation(String product, long quantity) {}
