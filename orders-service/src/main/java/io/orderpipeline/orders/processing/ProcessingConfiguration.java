package io.orderpipeline.orders.processing;

import io.orderpipeline.orders.order.IllegalTransitionException;
import io.orderpipeline.orders.order.OrderNotFoundException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;

@Configuration(proxyBeanMethods = false)
class ProcessingConfiguration {

    /**
     * An outcome the order refuses (unknown order, not being processed) is refused the same way on every attempt:
     * straight to {@code orders.processing-results.DLT} with the refusal as the reason, instead of four retries.
     */
    @Bean
    SmartInitializingSingleton outcomeRefusalsAreNotRetried(DefaultErrorHandler errorHandler) {
        return () ->
                errorHandler.addNotRetryableExceptions(IllegalTransitionException.class, OrderNotFoundException.class);
    }
}
