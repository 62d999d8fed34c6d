package io.orderpipeline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service instance as its own JVM process, its output in a log file, stopped with SIGTERM (graceful) on close.
 * Each instance has a stable name ({@code PIPELINE_KAFKA_MEMBERSHIP_INSTANCE_ID}): restarted, it takes its Kafka
 * partitions back at once and fences its predecessor's open transaction.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final Instant started = Instant.now();

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** How to start one instance: its command (through the start-up cache), environment and log file. */
    record Launch(String instance, List<String> command, Map<String, String> environment, Path log) {}

    /**
     * How to start an instance of the service built under {@code servicesRoot/<service>/target}, named {@code
     * instance} (its log file and Kafka instance id). The first time for a build, this trains the build's start-up
     * cache: a run of the service of its own, which needs the stores up.
     */
    static Launch prepare(
            String service,
            String instance,
            Path servicesRoot,
            Map<String, String> environment,
            Path logs,
            StartupCache cache)
            throws IOException, InterruptedException {
        Path jar = executableJar(servicesRoot, service);
        Path log = logs.resolve(instance + ".log");
        Map<String, String> instanceEnvironment = new HashMap<>(environment);
        instanceEnvironment.putIfAbsent("PIPELINE_KAFKA_MEMBERSHIP_INSTANCE_ID", instance);
        List<String> command = new ArrayList<>(cache.command(service, jar, instanceEnvironment, log));
        command.addAll(1, List.of("-Xms64m", "-Xmx512m"));
        return new Launch(instance, List.copyOf(command), Map.copyOf(instanceEnvironment), log);
    }

    /** Starts the instance {@link #prepare} described, listening on {@code port}. */
    static ServiceProcess start(Launch launch, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(launch.log().toFile()));
        builder.environment().putAll(launch.environment());
        return new ServiceProcess(launch.instance(), port, launch.log(), builder.start());
    }

    /** {@link #prepare} and {@link #start(Launch, int)} in one. */
    static ServiceProcess start(
            String service,
            String instance,
            Path servicesRoot,
            int port,
            Map<String, String> environment,
            Path logs,
            StartupCache cache)
            throws IOException, InterruptedException {
        return start(prepare(service, instance, servicesRoot, environment, logs, cache), port);
    }

    /** The java command this JVM runs with: the services run on the same JDK. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Waits until the service reports itself healthy; fails early, with its log, if the process dies. Returns how long
     * the service took from its start.
     */
    Duration awaitHealthy(Duration timeout) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Duration.between(started, Instant.now()).compareTo(timeout) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.between(started, Instant.now());
                }
            } catch (IOException notListeningYet) {
                // The server socket is not open yet; ask again shortly.
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(name + " was not healthy after " + timeout.toSeconds() + " s; see " + log);
    }

    String name() {
        return name;
    }

    String url() {
        return "http://localhost:" + port;
    }

    Path log() {
        return log;
    }

    /** {@code kill -9}: no shutdown hook, no goodbye to Kafka or MongoDB. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path executableJar(Path servicesRoot, String name) throws IOException {
        Path target = servicesRoot.resolve(name).resolve("target");
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException("no " + target + ": build the services first (run-local does)");
        }
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
                    .toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one executable jar in " + target + ", found " + jars);
            }
            return jars.getFirst();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
