package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @Test
    void defaultsAreTheIssuesScenarioAtTheLocalStacksAddresses() {
        BenchSettings settings = BenchSettings.parse(new String[0], Map.of());

        assertThat(settings.scenarios())
                .containsExactlyInAnyOrder(BenchSettings.Scenario.CREATE, BenchSettings.Scenario.LIFECYCLE);
        assertThat(settings.lifecycleRate()).isEqualTo(300);
        assertThat(settings.lifecycleDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.createConnections()).isEqualTo(8);
        assertThat(settings.createDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.createRuns()).isEqualTo(2);
        assertThat(settings.idempotencyKeys()).isTrue();
        assertThat(settings.rebuildEvents()).isEqualTo(100_000);
        assertThat(settings.rawMax()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.ordersUrl()).hasToString("http://localhost:8080");
        assertThat(settings.visibility()).isEqualTo(BenchSettings.Visibility.LONG_POLL);
    }

    @Test
    void aFlagOutranksTheEnvironmentWhichOutranksTheDefault() {
        BenchSettings settings = BenchSettings.parse(
                new String[] {
                    "--lifecycle-rate=200", "--create-connections=2", "--visibility=poll", "--idempotency-keys=false"
                },
                Map.of("BENCH_LIFECYCLE_RATE", "300", "BENCH_RAW_DURATION", "2m", "BENCH_NO_BUILD", "1"));

        assertThat(settings.lifecycleRate()).isEqualTo(200);
        assertThat(settings.rawDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.createConnections()).isEqualTo(2);
        assertThat(settings.idempotencyKeys()).isFalse();
        assertThat(settings.visibility()).isEqualTo(BenchSettings.Visibility.POLL);
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchSettings.parse(new String[] {"--lifecycle-rate=0"}, Map.of()))
                .withMessageContaining("--lifecycle-rate");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchSettings.parse(new String[] {"--warmup=5 minutes"}, Map.of()))
                .withMessageContaining("--warmup");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchSettings.parse(new String[] {"--idempotency-keys=maybe"}, Map.of()))
                .withMessageContaining("--idempotency-keys");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchSettings.parse(new String[] {"--scenarios=create,fast"}, Map.of()))
                .withMessageContaining("--scenarios");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchSettings.parse(new String[] {"--orders-url=localhost:8080"}, Map.of()))
                .withMessageContaining("--orders-url");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchSettings.parse(new String[] {"--speed=max"}, Map.of()))
                .withMessageContaining("'speed'");
    }

    @Test
    void theAdminTokenIsNeverDescribed() {
        BenchSettings settings = BenchSettings.parse(new String[] {"--admin-token=secret"}, Map.of());

        assertThat(settings.adminToken()).isEqualTo("secret");
        assertThat(settings.describe()).doesNotContainKey("admin-token").doesNotContainValue("secret");
    }
}
