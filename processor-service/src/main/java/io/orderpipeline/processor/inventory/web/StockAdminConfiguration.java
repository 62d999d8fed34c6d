package io.orderpipeline.processor.inventory.web;

import io.orderpipeline.web.BearerTokenInterceptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the admin token check in front of every {@code /inventory} endpoint, as query-service does for its rebuild. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StockAdminProperties.class)
class StockAdminConfiguration implements WebMvcConfigurer {

    private final StockAdminProperties properties;

    StockAdminConfiguration(StockAdminProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerTokenInterceptor(properties.token()))
                .addPathPatterns("/inventory", "/inventory/**");
    }
}
