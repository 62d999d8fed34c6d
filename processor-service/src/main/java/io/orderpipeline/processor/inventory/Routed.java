package io.orderpipeline.processor.inventory;

/** What a stage of the topology hands on: a record for a sink ({@link Emit}) or work for a product ({@link Work}). */
sealed interface Routed permits Emit, Work {}
