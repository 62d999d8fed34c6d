package io.orderpipeline.orders;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OrdersApplication {

    /** Settings live in {@code orders-service.yml}, so the three services can share one classpath in tests. */
    public static final String CONFIG_NAME = "orders-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(OrdersApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
