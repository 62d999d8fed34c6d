package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.orders.OrdersApplication;
import io.orderpipeline.processor.ProcessorApplication;
import io.orderpipeline.query.QueryApplication;
import io.orderpipeline.testing.KafkaInfrastructure;
import io.orderpipeline.testing.MongoInfrastructure;
import io.orderpipeline.testing.PostgresInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny run of every scenario against the three services in this JVM on the real infrastructure of the switch, so
 * the bench cannot rot. It checks that the report is sane (counts, ordered percentiles, every ratio computed, the
 * files written), never how fast anything was: this machine's speed is not a test result.
 */
class BenchSmokeIT {

    private static final String ADMIN_TOKEN = "smoke-admin-token";
    private static final int REBUILD_EVENTS = 600;

    private static ConfigurableApplicationContext orders;
    private static ConfigurableApplicationContext processor;
    private static ConfigurableApplicationContext query;

    // On one classpath every service would also see the others' stores: exclude what a service does not own, as the
    // end-to-end test does.
    private static final List<Class<?>> POSTGRES_AUTO_CONFIGURATION = List.of(
            DataSourceAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class,
            DataJpaRepositoriesAutoConfiguration.class,
            FlywayAutoConfiguration.class);
    private static final List<Class<?>> MONGO_AUTO_CONFIGURATION =
            List.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class);

    @BeforeAll
    static void startPipeline() {
        // orders-service first: it declares orders.events, which the other two subscribe to.
        orders = run(
                OrdersApplication.application(),
                List.of(KafkaInfrastructure.class, MongoInfrastructure.class),
                POSTGRES_AUTO_CONFIGURATION);
        processor = run(
                ProcessorApplication.application(),
                List.of(KafkaInfrastructure.class),
                Stream.concat(POSTGRES_AUTO_CONFIGURATION.stream(), MONGO_AUTO_CONFIGURATION.stream())
                        .toList());
        query = run(
                QueryApplication.application(),
                List.of(KafkaInfrastructure.class, PostgresInfrastructure.class),
                MONGO_AUTO_CONFIGURATION);
    }

    @AfterAll
    static void stopPipeline() {
        for (var context : List.of(query, processor, orders)) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void everyScenarioReportsSaneNumbersBesideItsRawLimit(@TempDir Path results) throws Exception {
        JdbcConnectionDetails postgres = query.getBean(JdbcConnectionDetails.class);
        BenchSettings settings = BenchSettings.parse(
                new String[] {
                    "--orders-url=" + url(orders),
                    "--query-url=" + url(query),
                    "--kafka-bootstrap-servers="
                            + String.join(
                                    ",",
                                    orders.getBean(KafkaConnectionDetails.class).getBootstrapServers()),
                    "--mongodb-uri="
                            + orders.getBean(MongoConnectionDetails.class).getConnectionString(),
                    "--postgres-url=" + postgres.getJdbcUrl(),
                    "--postgres-user=" + postgres.getUsername(),
                    "--postgres-password=" + postgres.getPassword(),
                    "--admin-token=" + ADMIN_TOKEN,
                    "--create-rates=20,40",
                    // Every step within the target, whatever this machine's load: both steps run, the ratio exists.
                    "--latency-target=60s",
                    "--create-step=2s",
                    "--warmup=1s",
                    "--lifecycle-rate=20",
                    "--lifecycle-duration=3s",
                    "--raw-duration=1s",
                    "--raw-threads=2",
                    "--upsert-batch-size=50",
                    "--rebuild-events=" + REBUILD_EVENTS,
                    "--rebuild-timeout=60s",
                    "--results-dir=" + results
                },
                Map.of());

        Report report = Bench.run(settings);
        Bench.publish(report, settings);

        assertThat(report.failures()).isEmpty();
        for (RawLimits.Limit limit : List.of(report.mongoInserts(), report.kafkaProduce(), report.postgresUpserts())) {
            assertThat(limit.operations()).as(limit.what()).isPositive();
            assertThat(limit.perSecond()).as(limit.what()).isPositive();
            assertThat(limit.messageBytes()).as(limit.what()).isPositive();
        }
        assertThat(report.mongoInserts().latency().ordered()).isTrue();

        assertThat(report.create().bestRate()).isEqualTo(40);
        assertThat(report.create().steps()).hasSize(2).allSatisfy(step -> {
            assertThat(step.created()).isPositive();
            assertThat(step.latency().count()).isEqualTo(step.created());
            assertThat(step.latency().ordered()).isTrue();
        });

        Lifecycle.Result lifecycle = report.lifecycle();
        assertThat(lifecycle.sent()).isEqualTo(60);
        assertThat(lifecycle.visible())
                .isEqualTo(lifecycle.sent() - lifecycle.failed())
                .isPositive();
        assertThat(lifecycle.outcomes()).containsKey("PROCESSED");
        assertThat(List.of(lifecycle.create(), lifecycle.process(), lifecycle.createToVisible()))
                .allSatisfy(latency -> assertThat(latency.ordered()).isTrue());
        // Visible counts from the same due time as the create, and comes after it.
        assertThat(lifecycle.createToVisible().p50())
                .isGreaterThanOrEqualTo(lifecycle.create().p50());

        assertThat(report.rebuild().events()).isGreaterThanOrEqualTo(REBUILD_EVENTS);
        assertThat(report.rebuild().eventsPerSecond()).isPositive();

        assertThat(report.ratios())
                .hasSize(4)
                .allSatisfy(ratio -> assertThat(ratio.ratio()).isPositive().isFinite());

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(results.resolve("latest.json")));
        assertThat(json.get("ratios").size()).isEqualTo(4);
        assertThat(json.get("environment").get("cores").asInt()).isPositive();
        assertThat(Files.readString(results.resolve("latest.md")))
                .contains("Scenarios beside their raw limits", "create→visible", "Rebuild:");
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder application, List<Class<?>> infrastructure, List<Class<?>> notOwned) {
        return application
                .sources(infrastructure.toArray(Class<?>[]::new))
                .run(
                        "--server.port=0",
                        "--spring.mongodb.database=bench-smoke",
                        "--query.admin.token=" + ADMIN_TOKEN,
                        "--spring.autoconfigure.exclude="
                                + notOwned.stream().map(Class::getName).collect(Collectors.joining(",")));
    }

    private static String url(ConfigurableApplicationContext service) {
        return "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
    }
}
