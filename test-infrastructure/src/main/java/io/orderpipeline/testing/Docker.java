package io.orderpipeline.testing;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; asked once per JVM (about 0.3 s when none does). */
public final class Docker {

    private static volatile Boolean available;

    private Docker() {}

    public static boolean isAvailable() {
        if (available == null) {
            synchronized (Docker.class) {
                if (available == null) {
                    available = !Boolean.getBoolean("infrastructure.in-process")
                            && DockerClientFactory.instance().isDockerAvailable();
                }
            }
        }
        return available;
    }

    static final class Available implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isAvailable();
        }
    }

    static final class Unavailable implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !isAvailable();
        }
    }
}
