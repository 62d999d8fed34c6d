package io.orderpipeline.web.tracing;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The services' tracing defaults, below every other source so any of them overrides it: every trace is sampled
 * ({@code management.tracing.sampling.probability}, Boot's own default keeps one in ten), and spans go to Zipkin only
 * when {@code management.tracing.export.zipkin.endpoint} is set: Boot would otherwise send them to
 * {@code localhost:9411}, and a test or a bare {@code java -jar} would log a refused connection per batch.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    static final String ZIPKIN_ENDPOINT = "management.tracing.export.zipkin.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("management.tracing.sampling.probability", "1.0");
        if (!environment.containsProperty(ZIPKIN_ENDPOINT)) {
            defaults.put("management.tracing.export.zipkin.enabled", "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource("orderPipelineTracingDefaults", defaults));
    }
}
