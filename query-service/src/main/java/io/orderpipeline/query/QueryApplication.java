package io.orderpipeline.query;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class QueryApplication {

    /** Settings live in {@code query-service.yml}, so the three services can share one classpath in tests. */
    public static final String CONFIG_NAME = "query-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(QueryApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
