package io.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
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

    @Test
    void theCpuOfAProcessIsSplitByThreadNameAndEndedThreadsAreTheRest() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/task")), "Linux /proc");
        try (ServerSocket listening = new ServerSocket(0)) {
            ProcessCpu cpu = ProcessCpu.find(Map.of("this JVM", listening.getLocalPort()), Set.of(), Map.of());
            CountDownLatch spun = new CountDownLatch(2);
            CountDownLatch sampled = new CountDownLatch(1);
            ProcessCpu.Sample before = cpu.sample();
            Thread ending = Thread.ofPlatform().name("ending-1").start(() -> spin(spun));
            Thread live = Thread.ofPlatform().name("spinner-7").start(() -> {
                spin(spun);
                await(sampled);
            });
            spun.await();
            ending.join();
            // join() returns once the Java thread is done; the kernel drops its task from /proc a moment later
            ProcessCpu.Sample after = Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(
                            cpu::sample,
                            sample -> sample.threads().get("this JVM").values().stream()
                                    .noneMatch(thread -> thread.name().equals("ending-1")));
            sampled.countDown();
            live.join();
            long processMillis = after.processMillis().get("this JVM")
                    - before.processMillis().get("this JVM");

            Map<String, Double> threads = ProcessCpu.threadsPerOperation(
                    before.threads().get("this JVM"), after.threads().get("this JVM"), processMillis, 1);

            assertThat(threads.get("spinner-#")).isGreaterThanOrEqualTo(200.0);
            assertThat(threads).doesNotContainKey("ending-#");
            assertThat(threads.get("(ended threads)")).isGreaterThanOrEqualTo(200.0);
        }
    }

    @Test
    void threadsOfOnePoolAreAddedUpAndTheBusiestComeFirst() {
        Map<Long, ProcessCpu.ThreadTime> before = Map.of(
                1L, new ProcessCpu.ThreadTime("http-nio-8080-e", 100),
                2L, new ProcessCpu.ThreadTime("http-nio-8080-e", 50),
                3L, new ProcessCpu.ThreadTime("outbox-relay", 10));
        Map<Long, ProcessCpu.ThreadTime> after = Map.of(
                1L, new ProcessCpu.ThreadTime("http-nio-8080-e", 300),
                2L, new ProcessCpu.ThreadTime("http-nio-8080-e", 150),
                3L, new ProcessCpu.ThreadTime("outbox-relay", 410),
                4L, new ProcessCpu.ThreadTime("C2 CompilerThre", 40));

        Map<String, Double> threads = ProcessCpu.threadsPerOperation(before, after, 1000, 100);

        assertThat(threads)
                .containsExactly(
                        Map.entry("outbox-relay", 4.0),
                        Map.entry("http-nio-#-e", 3.0),
                        Map.entry("(ended threads)", 2.6),
                        Map.entry("C# CompilerThre", 0.4));
    }

    /** Keeps a core busy for 300 ms, then says so. */
    private static void spin(CountDownLatch spun) {
        long until = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        assertThat(spin).isPositive();
        spun.countDown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
