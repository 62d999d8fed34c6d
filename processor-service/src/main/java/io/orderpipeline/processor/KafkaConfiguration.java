package io.orderpipeline.processor;

import io.orderpipeline.events.Topics;
import io.orderpipeline.kafka.KafkaMembershipAutoConfiguration.InstanceIdentity;
import io.orderpipeline.kafka.KafkaMembershipProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.KafkaStreamsCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.CleanupConfig;

/**
 * The topics this service writes, and its Kafka Streams runtime (settings in {@code spring.kafka.streams.*}): the
 * same fast recovery as every service's consumers and producers (kafka-support's membership settings), a state
 * directory per instance, and a failed stream thread replaced rather than the instance stopped.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
public class KafkaConfiguration {

    private static final LogAccessor LOG = new LogAccessor(KafkaConfiguration.class);

    @Bean
    NewTopic processingResultsTopic(ProcessorSettings settings) {
        return topic(Topics.PROCESSING_RESULTS, settings);
    }

    @Bean
    NewTopic processingRequestsDeadLetterTopic(ProcessorSettings settings) {
        return topic(Topics.PROCESSING_REQUESTS + Topics.DEAD_LETTER_SUFFIX, settings);
    }

    /** A topic this service writes, with {@code processor.topics.partitions}. */
    public static NewTopic topic(String name, ProcessorSettings settings) {
        return TopicBuilder.name(name)
                .partitions(settings.topics().partitions())
                .build();
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer processorStreamsRuntime(
            InstanceIdentity identity,
            KafkaMembershipProperties membership,
            KafkaProperties kafka,
            ProcessorSettings settings,
            Environment environment) {
        return factory -> {
            Properties config = factory.getStreamsConfiguration();
            // static membership: a restarted instance takes its tasks back without a rebalance (-<thread> appended)
            identity.id().ifPresent(id -> config.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
            config.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                    membership.sessionTimeout().toMillis());
            config.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int)
                    membership.heartbeatInterval().toMillis());
            // a killed instance's open transaction must not hold read_committed readers longer than this
            config.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int)
                    membership.transactionTimeout().toMillis());
            if (kafka.getStreams().getStateDir() == null) {
                // A directory of its own per start: two instances on one machine must not share (and lock) one, and a
                // state kept across starts must belong to the same cluster — a deployment that keeps it sets
                // spring.kafka.streams.state-dir beside its data. Without it, the stores are restored from their
                // changelogs, as on an instance that takes a task over.
                config.put(StreamsConfig.STATE_DIR_CONFIG, freshStateDirectory().toString());
                // and nothing of it is left behind by a clean stop
                factory.setCleanupConfig(new CleanupConfig(false, true));
            }
            factory.setStreamsConfiguration(config);
            // the failed task's transaction aborts; a new thread takes the task up again from its last commit
            factory.setStreamsUncaughtExceptionHandler(failure -> {
                LOG.error(failure, "stream thread failed; replacing it");
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            factory.setKafkaStreamsCustomizer(
                    new AdvertisedServer(settings.inventory().advertisedHost(), environment));
        };
    }

    private static Path freshStateDirectory() {
        try {
            return Files.createTempDirectory("processor-service-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kafka Streams state directory", e);
        }
    }

    /** {@code application.server} is only known once the web server has its port, before the streams start. */
    private record AdvertisedServer(String host, Environment environment) implements KafkaStreamsCustomizer {

        @Override
        public KafkaStreams initKafkaStreams(Topology topology, Properties config, KafkaClientSupplier clients) {
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8081"));
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + port);
            return new KafkaStreams(topology, config, clients);
        }

        @Override
        public void customize(KafkaStreams streams) {}
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
