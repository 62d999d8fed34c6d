/** Kafka plumbing shared by every service: envelope serialization and dead-letter publishing. */
package io.orderpipeline.kafka;
