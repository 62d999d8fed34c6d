package io.orderpipeline.query.admin;

import io.orderpipeline.query.QueryProperties;
import io.orderpipeline.web.BearerTokenInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the admin token check in front of every {@code /admin} endpoint. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration implements WebMvcConfigurer {

    private final QueryProperties properties;

    AdminConfiguration(QueryProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerTokenInterceptor(properties.admin().token()))
                .addPathPatterns("/admin", "/admin/**");
    }
}
