package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.processor.processing.ProcessingRules;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The HTTP admin alone (this package and the catalog), without the processor's topology: its tests neither disturb
 * nor depend on the processor's consumer group, and a test gives it the Kafka Streams app it needs.
 */
@SpringBootApplication
@EnableConfigurationProperties(ProcessingRules.class)
class StockAdminTestApplication {}
