package io.orderpipeline.testing;

import com.mongodb.ConnectionString;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.mongodb.MongoDBContainer;

/** Import into a test to connect it to a real MongoDB endpoint: a container, or a wire-protocol server in-process. */
@TestConfiguration(proxyBeanMethods = false)
public class MongoInfrastructure {

    public static final String IMAGE = "mongo:8.0.13";

    @Configuration(proxyBeanMethods = false)
    @Conditional(Docker.Available.class)
    static class Container {
        private static final MongoDBContainer MONGO = new MongoDBContainer(IMAGE);

        @Bean
        @ServiceConnection
        MongoDBContainer mongoContainer() {
            return MONGO;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Docker.Unavailable.class)
    static class InProcess {
        @Bean
        MongoConnectionDetails mongoConnectionDetails() {
            return () -> new ConnectionString(InProcessServers.mongoConnectionString());
        }
    }
}
