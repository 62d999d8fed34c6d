package io.orderpipeline.testing;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Import into a test to connect it to a real PostgreSQL: a container, or the real binaries started in-process. */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresInfrastructure {

    /** The same major as the embedded binaries pinned in the root POM and the docker compose image. */
    public static final String IMAGE = "postgres:17.7";

    @Configuration(proxyBeanMethods = false)
    @Conditional(Docker.Available.class)
    static class Container {
        private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(IMAGE);

        @Bean
        @ServiceConnection
        PostgreSQLContainer postgresContainer() {
            return POSTGRES;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Docker.Unavailable.class)
    static class InProcess {
        @Bean
        JdbcConnectionDetails jdbcConnectionDetails() {
            return new JdbcConnectionDetails() {
                @Override
                public String getUsername() {
                    return "postgres";
                }

                @Override
                public String getPassword() {
                    return "postgres";
                }

                @Override
                public String getJdbcUrl() {
                    return InProcessServers.postgres().getJdbcUrl("postgres", "postgres");
                }
            };
        }
    }
}
