package io.orderpipeline.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How long the services' JIT compilers have worked so far: the sum of Micrometer's {@code jvm.compilation.time}
 * (HotSpot's accumulated compilation time) from each service's {@code /actuator/prometheus}. The warm-up lasts until
 * it stops growing, because on a small machine the compiler threads take a large share of the CPU for minutes after
 * a start, and a scenario measured meanwhile reports the compiler, not the pipeline.
 */
final class JitActivity {

    static final String METRIC = "jvm_compilation_time_ms_total";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PipelineClient client;
    private final List<URI> services;

    JitActivity(PipelineClient client, List<URI> services) {
        this.client = client;
        this.services = List.copyOf(services);
    }

    /** Milliseconds compiled so far by all the services together; empty if one of them does not tell. */
    OptionalDouble compiledMillis() throws InterruptedException {
        double total = 0;
        for (URI service : services) {
            HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                    .timeout(TIMEOUT)
                    .GET()
                    .build();
            HttpResponse<String> response;
            try {
                response = client.send(request);
            } catch (IllegalStateException unreachable) {
                return OptionalDouble.empty();
            }
            OptionalDouble compiled = response.statusCode() == 200 ? parse(response.body()) : OptionalDouble.empty();
            if (compiled.isEmpty()) {
                return OptionalDouble.empty();
            }
            total += compiled.getAsDouble();
        }
        return OptionalDouble.of(total);
    }

    /** The sum of the metric's samples in a Prometheus text exposition (one per compiler, usually one in all). */
    static OptionalDouble parse(String exposition) {
        double total = 0;
        boolean found = false;
        for (String line : exposition.lines().toList()) {
            if (line.startsWith(METRIC + "{") || line.startsWith(METRIC + " ")) {
                String[] fields = line.strip().split(" ");
                total += Double.parseDouble(fields[fields.length - 1]);
                found = true;
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }
}
