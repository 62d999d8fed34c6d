package io.orderpipeline.processor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProcessorApplication {

    /** Settings live in {@code processor-service.yml}, so the three services can share one classpath in tests. */
    public static final String CONFIG_NAME = "processor-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ProcessorApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
