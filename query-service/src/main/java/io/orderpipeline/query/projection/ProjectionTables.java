package io.orderpipeline.query.projection;

/**
 * The tables one generation of the read model lives in. The live generation answers queries; a rebuild fills the
 * next one and then renames it into place. The offsets table holds the positions of every projected topic.
 */
record ProjectionTables(String orders, String history, String offsets, String parked, String inventory) {

    static final ProjectionTables LIVE =
            new ProjectionTables("orders", "order_history", "projection_offsets", "parked_events", "inventory");

    static final ProjectionTables NEXT = new ProjectionTables(
            "orders_next", "order_history_next", "projection_offsets_next", "parked_events_next", "inventory_next");
}
