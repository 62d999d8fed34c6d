package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aPortIsTracedToTheProcessListeningOnItAndItsCpuTimeGrows() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux /proc");
        try (ServerSocket listening = new ServerSocket(0)) {
            ProcessCpu cpu = ProcessCpu.find(
                    Map.of("this JVM", listening.getLocalPort(), "nobody", closedPort()), Set.of(), Map.of());

            assertThat(cpu.watched()).singleElement().satisfies(process -> {
                assertThat(process.name()).isEqualTo("this JVM");
                assertThat(process.pid()).isEqualTo(ProcessHandle.current().pid());
            });
            assertThat(cpu.missing()).containsExactly("nobody");

            ProcessCpu.Sample before = cpu.sample();
            long until = System.nanoTime() + 300_000_000L;
            long spin = 0;
            while (System.nanoTime() < until) {
                spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
            }
            ProcessCpu.Sample after = cpu.sample();

            assertThat(spin).isPositive();
            assertThat(after.processMillis().get("this JVM"))
                    .isGreaterThan(before.processMillis().get("this JVM"));
            assertThat(after.machineMillis()).isGreaterThan(before.machineMillis());
        }
    }

    @Test
    void namesSharingOneProcessAreJoinedAndAKnownPidIsWatchedAsIs() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux /proc");
        try (ServerSocket first = new ServerSocket(0);
                ServerSocket second = new ServerSocket(0)) {
            long self = ProcessHandle.current().pid();
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("one", first.getLocalPort());
            ports.put("two", second.getLocalPort());
            ProcessCpu cpu = ProcessCpu.find(ports, Set.of(), Map.of("bench", self));

            assertThat(cpu.watched()).singleElement().satisfies(process -> {
                assertThat(process.name()).isEqualTo("one + two + bench");
                assertThat(process.pid()).isEqualTo(self);
            });
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
