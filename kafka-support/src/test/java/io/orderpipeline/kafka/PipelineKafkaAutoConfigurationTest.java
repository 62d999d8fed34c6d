package io.orderpipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;

class PipelineKafkaAutoConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(PipelineKafkaAutoConfiguration.class, KafkaAutoConfiguration.class));

    @Test
    void givesAServiceWithoutTransactionsTheRetryingErrorHandler() {
        contexts.run(context -> {
            assertThat(context).hasSingleBean(DefaultErrorHandler.class);
            assertThat(context).hasSingleBean(DeadLetterPublishingRecoverer.class);
        });
    }

    @Test
    void leavesFailuresOfATransactionalServiceToTheAfterRollbackProcessor() {
        contexts.withPropertyValues("spring.kafka.producer.transaction-id-prefix=tx-")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(DefaultErrorHandler.class);
                    assertThat(context).hasSingleBean(DefaultAfterRollbackProcessor.class);
                });
    }
}
