package io.orderpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

    @TempDir
    Path data;

    @Test
    void startsFromTheDocumentedDefaults() {
        StackSettings settings = StackSettings.parse(new String[0], Map.of());

        assertThat(settings.ports())
                .containsEntry("kafka-port", 9092)
                .containsEntry("mongodb-port", 27017)
                .containsEntry("postgres-port", 5432)
                .containsEntry("orders-port", 8080)
                .containsEntry("processor-port", 8081)
                .containsEntry("query-port", 8082)
                .containsEntry("zipkin-port", 9411);
        assertThat(settings.tracing()).isTrue();
        assertThat(settings.tracingSampling()).isEqualTo(1.0);
        assertThat(settings.dataDir().getFileName()).hasToString(".local-stack");
        assertThat(settings.startupCache()).isEqualTo(settings.dataDir().resolve("startup-cache"));
        assertThat(settings.wipe()).isFalse();
        assertThat(settings.processorInitialStock()).isEqualTo(1_000_000);
        assertThat(settings.jit().javaOptions())
                .as("services start with C1 only")
                .containsExactly("-XX:TieredStopAtLevel=1");
    }

    @Test
    void runsTheServicesWithTheDockerImagesJitWhenAskedTo() {
        assertThat(StackSettings.parse(new String[] {"--jit=full"}, Map.of()).jit())
                .isEqualTo(StackSettings.Jit.FULL);
        assertThat(StackSettings.parse(new String[0], Map.of("LOCAL_JIT", "FULL"))
                        .jit())
                .isEqualTo(StackSettings.Jit.FULL);
        assertThat(StackSettings.Jit.FULL.javaOptions()).isEmpty();
    }

    @Test
    void takesEverySettingFromTheEnvironmentAndLetsAFlagWin() {
        StackSettings settings = StackSettings.parse(
                new String[] {"--orders-port=18080", "--wipe"},
                Map.of("LOCAL_ORDERS_PORT", "28080", "LOCAL_QUERY_PORT", "28082", "LOCAL_DATA_DIR", data.toString()));

        assertThat(settings.port("orders-port")).isEqualTo(18080);
        assertThat(settings.port("query-port")).isEqualTo(28082);
        assertThat(settings.dataDir()).isEqualTo(data);
        assertThat(settings.wipe()).isTrue();
        assertThat(StackSettings.parse(new String[] {"--startup-cache=" + data.resolve("cache")}, Map.of())
                        .startupCache())
                .isEqualTo(data.resolve("cache"));
    }

    @Test
    void reportsEverySpanToItsZipkinByDefaultAtTheSamplingAskedFor() {
        assertThat(LocalStack.tracingEnvironment(StackSettings.parse(new String[0], Map.of())))
                .containsOnly(
                        Map.entry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://localhost:9411/api/v2/spans"),
                        Map.entry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0"));

        StackSettings sampled =
                StackSettings.parse(new String[] {"--zipkin-port=19411"}, Map.of("LOCAL_TRACING_SAMPLING", "0.25"));
        assertThat(LocalStack.tracingEnvironment(sampled))
                .containsEntry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://localhost:19411/api/v2/spans")
                .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.25");
    }

    @Test
    void switchesTracingOffEntirelyWithOneOptionAndThenNeedsNoZipkinPort() {
        for (StackSettings off : new StackSettings[] {
            StackSettings.parse(new String[] {"--no-tracing"}, Map.of()),
            StackSettings.parse(new String[] {"--tracing=off"}, Map.of()),
            StackSettings.parse(new String[0], Map.of("LOCAL_TRACING", "off"))
        }) {
            assertThat(off.tracing()).isFalse();
            assertThat(off.ports()).doesNotContainKey("zipkin-port").containsKey("orders-port");
            assertThat(LocalStack.tracingEnvironment(off))
                    .containsOnly(Map.entry("MANAGEMENT_TRACING_EXPORT_ENABLED", "false"));
        }
        assertThat(StackSettings.parse(new String[] {"--tracing=on"}, Map.of("LOCAL_TRACING", "off"))
                        .tracing())
                .as("the flag wins over the environment")
                .isTrue();
    }

    @Test
    void startsTheProcessorWithTheStockAskedFor() {
        StackSettings defaults = StackSettings.parse(new String[0], Map.of());
        assertThat(LocalStack.processorEnvironment(defaults, "127.0.0.1:9092"))
                .containsOnly(
                        Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                        Map.entry("PROCESSOR_INVENTORY_INITIAL_STOCK", "1000000"),
                        Map.entry(
                                "SPRING_KAFKA_STREAMS_STATE_DIR",
                                defaults.dataDir().resolve("processor-streams").toString()),
                        Map.entry("SPRING_KAFKA_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS", "0"));

        Map<String, String> environment = Map.of("LOCAL_PROCESSOR_INITIAL_STOCK", "25");
        assertThat(StackSettings.parse(new String[0], environment).processorInitialStock())
                .isEqualTo(25);
        StackSettings flagged = StackSettings.parse(new String[] {"--processor-initial-stock=0"}, environment);
        assertThat(LocalStack.processorEnvironment(flagged, "k:1"))
                .as("the flag wins over the environment")
                .containsEntry("PROCESSOR_INVENTORY_INITIAL_STOCK", "0");
    }

    @Test
    void refusesWhatItDoesNotKnowAndSaysWhat() {
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--tracing=maybe"}, Map.of()))
                .hasMessage("--tracing must be on or off, was 'maybe'");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--tracing-sampling=1.5"}, Map.of()))
                .hasMessage("--tracing-sampling must be between 0.0 and 1.0, was '1.5'");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--tracing-sampling=all"}, Map.of()))
                .hasMessageContaining("--tracing-sampling must be between 0.0 and 1.0");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--processor-initial-stock=-1"}, Map.of()))
                .hasMessage("--processor-initial-stock must be a whole number of units, 0 or more, was '-1'");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--processor-initial-stock=lots"}, Map.of()))
                .hasMessageContaining("--processor-initial-stock must be a whole number");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--jit=c2"}, Map.of()))
                .hasMessage("--jit must be quick or full, was 'c2'");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--order-port=1"}, Map.of()))
                .hasMessage("unknown setting 'order-port'");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"--kafka-port=99999"}, Map.of()))
                .hasMessageContaining("--kafka-port must be a port number");
        assertThatThrownBy(() -> StackSettings.parse(new String[] {"start"}, Map.of()))
                .hasMessage("unknown argument 'start'");
    }

    @Test
    void namesTheSettingToChangeWhenAPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StackSettings settings = StackSettings.parse(
                    new String[] {"--orders-port=" + taken.getLocalPort(), "--data-dir=" + data}, Map.of());

            assertThatThrownBy(() -> LocalStack.requireFreePorts(settings))
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use")
                    .hasMessageContaining("--orders-port=PORT")
                    .hasMessageContaining("LOCAL_ORDERS_PORT=PORT");
        }
    }

    @Test
    void wipesTheDataFolderOnlyWhenAskedTo() throws IOException {
        Path kept = Files.createDirectories(data.resolve("kafka")).resolve("meta.properties");
        Files.writeString(kept, "cluster.id=x");

        LocalStack.prepareDataFolder(StackSettings.parse(new String[] {"--data-dir=" + data}, Map.of()));
        assertThat(kept).exists();

        LocalStack.prepareDataFolder(StackSettings.parse(new String[] {"--data-dir=" + data, "--wipe"}, Map.of()));
        assertThat(kept).doesNotExist();
        assertThat(data.resolve("logs")).isDirectory();
    }
}
