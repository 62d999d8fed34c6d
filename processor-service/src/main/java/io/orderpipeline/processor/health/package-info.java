/** Health of what the processor depends on: the Kafka cluster. */
package io.orderpipeline.processor.health;
