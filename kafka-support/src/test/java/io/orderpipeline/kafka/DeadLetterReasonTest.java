package io.orderpipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.InvalidEventException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

class DeadLetterReasonTest {

    @Test
    void namesTheContractsExplanationRatherThanTheFrameworksWrapper() {
        var failure = new ListenerExecutionFailedException(
                "Listener failed",
                new DeserializationException(
                        "failed to deserialize",
                        new byte[0],
                        false,
                        new InvalidEventException(
                                "unknown event type 'OrderTeleported'", new IllegalStateException("inner"))));

        assertThat(PipelineKafkaAutoConfiguration.reasonOf(failure)).isEqualTo("unknown event type 'OrderTeleported'");
    }

    @Test
    void fallsBackToTheInnermostCause() {
        var failure = new ListenerExecutionFailedException(
                "Listener failed", new IllegalStateException("wrapper", new ArithmeticException("/ by zero")));

        assertThat(PipelineKafkaAutoConfiguration.reasonOf(failure)).isEqualTo("/ by zero");
    }

    @Test
    void namesTheExceptionTypeWhenThereIsNoMessage() {
        assertThat(PipelineKafkaAutoConfiguration.reasonOf(new NullPointerException()))
                .isEqualTo("NullPointerException");
    }
}
