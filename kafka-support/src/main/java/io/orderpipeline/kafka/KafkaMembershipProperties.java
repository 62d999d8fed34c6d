package io.orderpipeline.kafka;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast a crashed instance's work moves to another one, or back to it when it restarts.
 *
 * @param instanceId this instance's stable name: its static group membership ({@code group.instance.id}) and the
 *     middle of its transactional ids, so a restart takes its partitions back without a rebalance and fences its
 *     predecessor's open transaction at once. Default: host name and HTTP port; none (dynamic membership, a random
 *     transactional id) when the port is random, as in tests ({@code PIPELINE_KAFKA_MEMBERSHIP_INSTANCE_ID})
 * @param sessionTimeout how long a silent consumer keeps its partitions ({@code
 *     PIPELINE_KAFKA_MEMBERSHIP_SESSION_TIMEOUT}); the broker's {@code group.min.session.timeout.ms} must allow it
 * @param heartbeatInterval how often a consumer tells the group it is alive, and learns of a rebalance: after a
 *     crash the survivors hear of it within this much of the session timeout ({@code
 *     PIPELINE_KAFKA_MEMBERSHIP_HEARTBEAT_INTERVAL})
 * @param transactionTimeout how long an open transaction of a dead producer blocks its partitions' readers before the
 *     broker aborts it ({@code PIPELINE_KAFKA_MEMBERSHIP_TRANSACTION_TIMEOUT}); every transaction must finish well
 *     within it
 */
@ConfigurationProperties("pipeline.kafka.membership")
public record KafkaMembershipProperties(
        @Nullable String instanceId,
        @DefaultValue("2s") Duration sessionTimeout,
        @DefaultValue("500ms") Duration heartbeatInterval,
        @DefaultValue("2s") Duration transactionTimeout) {}
