package io.orderpipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * {@link BaselineService} as a JVM of its own, on the bench's JDK with the services' heap flags, against the MongoDB
 * endpoint orders-service uses. Started from the bench's own classpath: the executable jar through Spring Boot's
 * launcher, or the plain classpath of a test run.
 */
final class BaselineProcess implements AutoCloseable {

    /** The services' heap flags (local-stack starts them so): the baseline gets the same room. */
    static final List<String> HEAP = List.of("-Xms64m", "-Xmx512m");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI url;

    private BaselineProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    static BaselineProcess start(BenchSettings settings, PipelineClient client, Path log)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(HEAP);
        String classpath = System.getProperty("java.class.path");
        if (isExecutableJar(classpath)) {
            command.addAll(List.of(
                    "-Dloader.main=" + BaselineService.class.getName(),
                    "-cp",
                    classpath,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classpath, BaselineService.class.getName()));
        }
        command.addAll(List.of(Integer.toString(port), settings.mongodbUri()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.to(log.toFile()))
                .start();
        BaselineProcess baseline = new BaselineProcess(process, URI.create("http://localhost:" + port));
        baseline.awaitUp(client, log);
        return baseline;
    }

    private static boolean isExecutableJar(String classpath) {
        if (!classpath.endsWith(".jar") || classpath.contains(java.io.File.pathSeparator)) {
            return false;
        }
        try (JarFile jar = new JarFile(classpath)) {
            return jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitUp(PipelineClient client, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the baseline service exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(health).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // Not listening yet: ask again shortly.
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        close();
        throw new IllegalStateException("the baseline service did not answer within " + START_TIMEOUT + "; see " + log);
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
