package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CorsPropertiesTest {

    @Test
    void allowsTheLivePageOnItsDefaultPortByDefault() {
        CorsProperties properties = bind(Map.of());

        assertThat(properties.allowedOrigins()).containsExactly("http://localhost:8082", "http://127.0.0.1:8082");
    }

    @Test
    void takesACommaSeparatedListOfOriginsFromTheEnvironment() {
        CorsProperties properties =
                bind(Map.of("ORDERS_WEB_CORS_ALLOWED_ORIGINS", "https://page.example,http://localhost:[*]"));

        assertThat(properties.allowedOrigins()).containsExactly("https://page.example", "http://localhost:[*]");
    }

    private static CorsProperties bind(Map<String, Object> environment) {
        // Only the given variables, bound as Spring binds the process environment, not this machine's.
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", environment));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("orders.web.cors", CorsProperties.class);
    }
}
