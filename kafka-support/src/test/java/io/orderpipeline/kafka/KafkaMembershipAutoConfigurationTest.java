package io.orderpipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

class KafkaMembershipAutoConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    PipelineKafkaAutoConfiguration.class,
                    KafkaMembershipAutoConfiguration.class,
                    KafkaAutoConfiguration.class));

    @Test
    void givesEveryConsumerAShortSessionUnlessOneIsConfigured() {
        contexts.run(context -> assertThat(consumerConfig(context))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 2000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500)
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        contexts.withPropertyValues("spring.kafka.consumer.properties.session.timeout.ms=10000")
                .run(context -> assertThat(consumerConfig(context))
                        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"));
    }

    @Test
    void aFixedPortMakesListenerContainersStaticMembersNamedByHostAndPort() {
        contexts.withPropertyValues("server.port=18081").run(context -> {
            String id = context.getBean(KafkaMembershipAutoConfiguration.InstanceIdentity.class)
                    .id()
                    .orElseThrow();
            assertThat(id).endsWith("-18081");
            assertThat(listenerConsumerProperty(context, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                    .isEqualTo(id);
        });
    }

    @Test
    void aRandomPortMeansDynamicMembershipAndARandomTransactionalId() {
        contexts.withPropertyValues("server.port=0", "spring.kafka.producer.transaction-id-prefix=processor-")
                .run(context -> {
                    assertThat(listenerConsumerProperty(context, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                            .isNull();
                    assertThat(producerFactory(context).getTransactionIdPrefix())
                            .matches("processor-[0-9a-f-]{36}-");
                });
    }

    @Test
    void anExplicitInstanceIdNamesTheTransactionalIdsAndBoundsTheTransactions() {
        contexts.withPropertyValues(
                        "pipeline.kafka.membership.instance-id=processor-2",
                        "spring.kafka.producer.transaction-id-prefix=processor-")
                .run(context -> {
                    assertThat(producerFactory(context).getTransactionIdPrefix())
                            .isEqualTo("processor-processor-2-");
                    assertThat(producerFactory(context).getConfigurationProperties())
                            .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 2000);
                    assertThat(listenerConsumerProperty(context, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                            .isEqualTo("processor-2");
                });
    }

    private static java.util.Map<String, Object> consumerConfig(
            org.springframework.context.ApplicationContext context) {
        return context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties();
    }

    private static DefaultKafkaProducerFactory<?, ?> producerFactory(
            org.springframework.context.ApplicationContext context) {
        return context.getBean(DefaultKafkaProducerFactory.class);
    }

    @SuppressWarnings("unchecked")
    private static String listenerConsumerProperty(org.springframework.context.ApplicationContext context, String key) {
        var factory = (ConcurrentKafkaListenerContainerFactory<Object, Object>)
                context.getBean(ConcurrentKafkaListenerContainerFactory.class);
        ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer("orders.events");
        return container.getContainerProperties().getKafkaConsumerProperties().getProperty(key);
    }
}
