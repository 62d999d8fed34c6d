/** Health of what the processor depends on: the Kafka cluster and its Kafka Streams topology. */
package io.orderpipeline.processor.health;
