package io.orderpipeline.processor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Infrastructure and inventory settings of the processor; the decision rules are in {@code
 * processing.ProcessingRules} ({@code processor.rules.*}).
 *
 * @param topics the topics this service creates
 * @param health how the Kafka health check behaves
 * @param inventory how the inventory topology starts and is reached
 */
@Validated
@ConfigurationProperties("processor")
public record ProcessorSettings(
        @DefaultValue @Valid Topics topics,
        @DefaultValue @Valid Health health,
        @DefaultValue @Valid Inventory inventory) {

    /**
     * @param partitions partitions of the topics this service creates and of its repartition topic by product ({@code
     *     PROCESSOR_TOPICS_PARTITIONS}, default 3); the most instances that share the work
     */
    public record Topics(@DefaultValue("3") @Positive int partitions) {}

    /**
     * @param kafkaTimeout how long the health check waits for the cluster to answer
     *     ({@code PROCESSOR_HEALTH_KAFKA_TIMEOUT}, default 2s)
     */
    public record Health(
            @DefaultValue("2s") @DurationMin(millis = 100) @DurationMax(seconds = 30)
            Duration kafkaTimeout) {}

    /**
     * @param initialStock units a product starts with the first time it is touched, recorded as a {@code
     *     StockReceived} event with reason {@code initial stock} ({@code PROCESSOR_INVENTORY_INITIAL_STOCK}, default 0)
     * @param advertisedHost the host other instances reach this one's HTTP port at, for queries of stock held by
     *     another instance ({@code PROCESSOR_INVENTORY_ADVERTISED_HOST}, default localhost)
     */
    public record Inventory(
            @DefaultValue("0") @PositiveOrZero long initialStock,
            @DefaultValue("localhost") @NotBlank String advertisedHost) {}
}
