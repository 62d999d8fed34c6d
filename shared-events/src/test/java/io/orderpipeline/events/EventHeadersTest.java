package io.orderpipeline.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventHeadersTest {

    @Test
    void theTraceIdIsTheSecondFieldOfAWellFormedTraceparent() {
        assertThat(EventHeaders.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aMissingOrMalformedTraceparentHasNoTraceId() {
        assertThat(EventHeaders.traceIdOf(null)).isNull();
        assertThat(EventHeaders.traceIdOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .as("the all-zero trace id is invalid")
                .isNull();
        assertThat(EventHeaders.traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
                .as("upper-case hex")
                .isNull();
        assertThat(EventHeaders.traceIdOf("not a traceparent")).isNull();
    }
}
