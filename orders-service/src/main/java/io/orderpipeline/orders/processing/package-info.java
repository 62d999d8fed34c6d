/** Records the processor's outcomes as events of the order stream. */
package io.orderpipeline.orders.processing;
