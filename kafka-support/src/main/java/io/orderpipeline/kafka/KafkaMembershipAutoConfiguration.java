package io.orderpipeline.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.util.StringUtils;

/**
 * Recovery in seconds after a crash, with Kafka's own mechanisms: a short session timeout so a dead consumer's
 * partitions move to a live instance within seconds; static membership so a restarted instance takes its partitions
 * back without waiting for a rebalance; a stable transactional id per instance so a restarted producer fences its
 * predecessor and aborts its open transaction at once; and a short transaction timeout for when it does not restart.
 * The price of static membership: an instance stopped gracefully and not started again leaves its partitions idle for
 * one session timeout, as a static member does not leave the group.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaMembershipProperties.class)
public class KafkaMembershipAutoConfiguration {

    private static final LogAccessor log = new LogAccessor(KafkaMembershipAutoConfiguration.class);

    @Bean
    InstanceIdentity kafkaInstanceIdentity(KafkaMembershipProperties membership, Environment environment) {
        Optional<String> id = resolve(membership, environment);
        log.info(() -> "Kafka membership: "
                + id.map(name -> "static, instance id " + name).orElse("dynamic (no fixed port, no instance id)")
                + ", session timeout " + membership.sessionTimeout().toMillis() + " ms");
        return new InstanceIdentity(id);
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer shortConsumerSessions(KafkaMembershipProperties membership) {
        return factory -> factory.updateConfigs(absentFrom(
                factory.getConfigurationProperties(),
                Map.of(
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        (int) membership.sessionTimeout().toMillis(),
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        (int) membership.heartbeatInterval().toMillis())));
    }

    /** Per container, not in the consumer factory: consumers made for other jobs (a rebuild) must not join as us. */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> staticGroupMembership(
            InstanceIdentity identity) {
        return container -> identity.id()
                .ifPresent(id -> container
                        .getContainerProperties()
                        .getKafkaConsumerProperties()
                        // spring-kafka appends each child consumer's index (-0, -1, …).
                        .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer stableTransactionalIds(
            InstanceIdentity identity, KafkaMembershipProperties membership) {
        return factory -> {
            String prefix = factory.getTransactionIdPrefix();
            if (prefix == null) {
                return;
            }
            factory.setTransactionIdPrefix(
                    prefix + identity.id().orElseGet(() -> UUID.randomUUID().toString()) + "-");
            factory.updateConfigs(absentFrom(
                    factory.getConfigurationProperties(), Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int)
                            membership.transactionTimeout().toMillis())));
        };
    }

    /** This instance's stable name, if it has one. */
    public record InstanceIdentity(Optional<String> id) {}

    static Optional<String> resolve(KafkaMembershipProperties membership, Environment environment) {
        if (StringUtils.hasText(membership.instanceId())) {
            return Optional.of(membership.instanceId());
        }
        int port = environment.getProperty("server.port", Integer.class, 8080);
        return port == 0 ? Optional.empty() : Optional.of(hostName() + "-" + port);
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (StringUtils.hasText(fromEnvironment)) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Explicit settings (spring.kafka.*.properties) win over these defaults. */
    private static Map<String, Object> absentFrom(Map<String, Object> configured, Map<String, Object> defaults) {
        Map<String, Object> absent = new HashMap<>();
        defaults.forEach((key, value) -> {
            if (!configured.containsKey(key)) {
                absent.put(key, value);
            }
        });
        return absent;
    }
}
