/** Stock per product, kept by a Kafka Streams topology with exactly-once processing, and its admin over HTTP. */
package io.orderpipeline.processor.inventory;
