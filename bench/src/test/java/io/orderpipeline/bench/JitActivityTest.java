package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitActivityTest {

    @Test
    void sumsTheCompileTimeOfEveryCompilerAndIgnoresTheOtherMetrics() {
        String exposition = """
                # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
                # TYPE jvm_compilation_time_ms_total counter
                jvm_compilation_time_ms_total{compiler="HotSpot 64-Bit Tiered Compilers"} 114694.0
                jvm_compilation_time_ms_total{compiler="another"} 6.5
                jvm_compilation_time_ms_total_other 99.0
                jvm_gc_pause_seconds_count{action="end of minor GC"} 12
                """;

        assertThat(JitActivity.parse(exposition)).hasValue(114_700.5);
    }

    @Test
    void aServiceWithoutTheMetricTellsNothing() {
        assertThat(JitActivity.parse("jvm_threads_live_threads 42.0\n")).isEmpty();
    }
}
