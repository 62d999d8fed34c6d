package io.orderpipeline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes a service start in seconds on a busy machine: most of a Spring Boot start is loading and linking classes,
 * which the JDK can do once and keep. Each build of a service is extracted once (Spring Boot's {@code jarmode=tools
 * extract}: the JDK caches only classes from plain jars on the class path), then started once with {@code
 * spring.context.exit=onRefresh} as a training run, which writes the JDK's AOT cache (JDK 25 and later,
 * {@code -XX:AOTCacheOutput}) or a CDS archive (JDK 21–24, {@code -XX:ArchiveClassesAtExit}). Every later start
 * maps it, with the training run's JIT setting ({@link StackSettings.Jit}: each setting has a cache of its own). The
 * training run needs the stores up: it refreshes the whole context without starting listeners or the
 * web server.
 */
final class StartupCache {

    private static final int AOT_CACHE_FEATURE = 25;

    private final Path root;
    private final String java;
    private final StackSettings.Jit jit;

    StartupCache(Path root, String java, StackSettings.Jit jit) {
        this.root = root;
        this.java = java;
        this.jit = jit;
    }

    /** The command that starts this build of the service, preparing its cache first if this build has none. */
    List<String> command(String name, Path executableJar, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        Path build = root.resolve(name)
                .resolve(Files.size(executableJar) + "-"
                        + Files.getLastModifiedTime(executableJar).toMillis());
        Path jar = extracted(executableJar, build, log);
        String cacheName = "service-" + jit.name().toLowerCase(Locale.ROOT);
        Path cache = build.resolve(cacheName + (aotCache() ? ".aot" : ".jsa"));
        if (!Files.exists(cache)) {
            train(jar, cache, environment, log);
        }
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jit.javaOptions());
        if (Files.exists(cache)) {
            command.add((aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache);
        }
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private Path extracted(Path executableJar, Path build, Path log) throws IOException, InterruptedException {
        Path extracted = build.resolve("application");
        if (!Files.isDirectory(extracted)) {
            Files.createDirectories(build);
            run(
                    List.of(
                            java,
                            "-Djarmode=tools",
                            "-jar",
                            executableJar.toString(),
                            "extract",
                            "--destination",
                            extracted.toString()),
                    Map.of(),
                    log);
        }
        try (Stream<Path> files = Files.list(extracted)) {
            return files.filter(file -> file.toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar extracted into " + extracted));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A failed training run costs only speed: the service then starts without a cache. */
    private void train(Path jar, Path cache, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        String output = (aotCache() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + cache;
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jit.javaOptions());
        command.addAll(List.of(output, "-Dspring.context.exit=onRefresh", "-jar", jar.toString()));
        run(command, environment, log);
    }

    private boolean aotCache() {
        return Runtime.version().feature() >= AOT_CACHE_FEATURE;
    }

    private static void run(List<String> command, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }
}
