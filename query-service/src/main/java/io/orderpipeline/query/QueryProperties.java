package io.orderpipeline.query;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of query-service, under {@code query.*} (environment: {@code QUERY_…}, e.g. {@code
 * QUERY_ADMIN_TOKEN}).
 */
@Validated
@ConfigurationProperties("query")
public record QueryProperties(
        @Valid @DefaultValue Topics topics,
        @Valid @DefaultValue Projection projection,
        @Valid @DefaultValue ReadYourWrites readYourWrites,
        @Valid @DefaultValue Admin admin,
        @Valid @DefaultValue Rebuild rebuild,
        @Valid @DefaultValue Page page) {

    /** @param partitions partitions of each dead-letter topic this service declares (at least those of its source topic) ({@code QUERY_TOPICS_PARTITIONS}) */
    public record Topics(@DefaultValue("3") @Positive int partitions) {}

    /**
     * @param sweepInterval how often orders parked at a gap that another partition filled meanwhile are drained, and
     *     the parked orders counted for the gauge
     * @param databaseTimeout the longest the projection and the rebuild wait for one answer of PostgreSQL (reads wait
     *     at most the driver's {@code socketTimeout}): a batch may wait on the rebuild's switch, a rebuild builds
     *     indexes over the whole model, and a batch that times out is only tried again
     */
    public record Projection(
            @DefaultValue("2s") Duration sweepInterval,
            @DefaultValue("120s") Duration databaseTimeout) {}

    /**
     * @param defaultWait how long {@code GET /orders/{id}?minVersion=} waits when the request names no {@code waitMs}
     * @param maxWait the longest {@code waitMs} a request may ask for
     */
    public record ReadYourWrites(
            @DefaultValue("2s") Duration defaultWait,
            @DefaultValue("10s") Duration maxWait) {}

    /** @param token bearer token of the admin endpoints; when empty they refuse every request */
    public record Admin(@DefaultValue("") String token) {}

    /**
     * @param switchLag records behind the live projection below which the rebuild stops the live writes briefly,
     *     catches up the rest and switches
     * @param pollTimeout how long the rebuild's consumer waits for records per poll
     * @param switchTimeout the longest the live writes are held for the switch; past it the switch is retried later
     * @param batchSize records per poll of the rebuild's consumer
     * @param parallelism partitions written at the same time, each in its own transaction
     */
    public record Rebuild(
            @DefaultValue("2000") @Positive @Max(1_000_000) long switchLag,
            @DefaultValue("500ms") Duration pollTimeout,
            @DefaultValue("10s") Duration switchTimeout,
            @DefaultValue("5000") @Positive int batchSize,
            @DefaultValue("3") @Positive @Max(64) int parallelism) {}

    /**
     * The live page's settings.
     *
     * @param ordersUrl base URL of orders-service as the browser reaches it ({@code QUERY_PAGE_ORDERS_URL})
     * @param traceUrl link to a trace, with {@code {traceId}} in it; empty for none ({@code QUERY_PAGE_TRACE_URL})
     * @param maxStreams connections of {@code GET /orders/stream} at once; one more is refused with 503
     * @param heartbeatInterval how often an idle stream gets a comment, so proxies keep it and dead clients show
     * @param streamRecheckInterval the longest a change committed by another instance waits to be streamed (this
     *     instance's own commits are streamed at once)
     * @param streamOverlap how far back each read of changes looks before the newest change it saw: transactions may
     *     commit in another order than their rows' times
     * @param streamQueue events a stream may have waiting to be written; a client that falls further behind is dropped
     */
    public record Page(
            @DefaultValue("http://localhost:8080") String ordersUrl,
            @DefaultValue("") String traceUrl,
            @DefaultValue("200") @Positive int maxStreams,
            @DefaultValue("15s") Duration heartbeatInterval,
            @DefaultValue("1s") Duration streamRecheckInterval,
            @DefaultValue("2s") Duration streamOverlap,
            @DefaultValue("64") @Positive int streamQueue) {}
}
