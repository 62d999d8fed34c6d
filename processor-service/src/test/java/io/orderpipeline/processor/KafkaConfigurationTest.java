package io.orderpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.kafka.KafkaMembershipAutoConfiguration.InstanceIdentity;
import io.orderpipeline.kafka.KafkaMembershipProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.mock.env.MockEnvironment;

class KafkaConfigurationTest {

    private static final KafkaMembershipProperties MEMBERSHIP =
            new KafkaMembershipProperties(null, Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final ProcessorSettings SETTINGS = new ProcessorSettings(
            new ProcessorSettings.Topics(3),
            new ProcessorSettings.Health(Duration.ofSeconds(2)),
            new ProcessorSettings.Inventory(0, "localhost"));

    @Test
    void anInstanceWithAnIdIsAStaticMemberWithAStateDirectoryOfItsOwnAndShortTimeouts() {
        Properties config = configured(Optional.of("vm-8081"));

        assertThat(config)
                .containsEntry("group.instance.id", "vm-8081")
                .containsEntry("main.consumer.session.timeout.ms", 3000)
                .containsEntry("main.consumer.heartbeat.interval.ms", 1000)
                .containsEntry("producer.transaction.timeout.ms", 2000);
        assertThat(Path.of(config.getProperty("state.dir"))).isEmptyDirectory();
        assertThat(configured(Optional.of("vm-8081")).getProperty("state.dir"))
                .as("a fresh directory per start: state kept across starts is the deployment's choice")
                .isNotEqualTo(config.getProperty("state.dir"));
    }

    @Test
    void anInstanceWithoutAnIdIsADynamicMemberStillWithAStateDirectoryOfItsOwn() {
        Properties first = configured(Optional.empty());
        Properties second = configured(Optional.empty());

        assertThat(first).doesNotContainKey("group.instance.id");
        assertThat(first.getProperty("state.dir")).isNotEqualTo(second.getProperty("state.dir"));
    }

    private static Properties configured(Optional<String> instanceId) {
        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(
                Map.of("application.id", "processor-service", "bootstrap.servers", "localhost:9092")));
        new KafkaConfiguration()
                .processorStreamsRuntime(
                        new InstanceIdentity(instanceId),
                        MEMBERSHIP,
                        new KafkaProperties(),
                        SETTINGS,
                        new MockEnvironment())
                .configure(factory);
        return factory.getStreamsConfiguration();
    }
}
