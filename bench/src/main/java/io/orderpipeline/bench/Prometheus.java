package io.orderpipeline.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of a service's {@code /actuator/prometheus}: the samples of the text exposition by series ({@code
 * name{labels}}), to take deltas of the drivers' counters over a scenario.
 */
record Prometheus(Map<String, Double> samples) {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** An empty scrape: a service that did not answer contributes nothing (and the report says so by a zero). */
    static final Prometheus NONE = new Prometheus(Map.of());

    static Prometheus scrape(PipelineClient client, URI service) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request);
            return response.statusCode() == 200 ? parse(response.body()) : NONE;
        } catch (IllegalStateException unreachable) {
            return NONE;
        }
    }

    static Prometheus parse(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            try {
                samples.merge(
                        line.substring(0, split).strip(), Double.parseDouble(line.substring(split + 1)), Double::sum);
            } catch (NumberFormatException | StringIndexOutOfBoundsException notASample) {
                // A line this parser does not know (exemplars, timestamps): not one of the counters read here.
            }
        }
        return new Prometheus(samples);
    }

    /** The sum of every series of the metric {@code name}. */
    double sum(String name) {
        return bySeries(name).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The metric's series summed by the values of {@code labels}, joined by a space ("" for no labels). */
    Map<String, Double> bySeries(String name, String... labels) {
        Map<String, Double> sums = new LinkedHashMap<>();
        samples.forEach((series, value) -> {
            if (series.equals(name) || series.startsWith(name + "{")) {
                String key = java.util.Arrays.stream(labels)
                        .map(label -> label(series, label))
                        .collect(java.util.stream.Collectors.joining(" "));
                sums.merge(key, value, Double::sum);
            }
        });
        return sums;
    }

    private static String label(String series, String label) {
        int start = series.indexOf("{" + label + "=\"");
        if (start < 0) {
            start = series.indexOf("," + label + "=\"");
        }
        if (start < 0) {
            return "";
        }
        start += label.length() + 3;
        return series.substring(start, series.indexOf('"', start));
    }

    /** What grew from {@code before} to this scrape, by label values; a series that appeared counts from zero. */
    Map<String, Double> deltaBy(Prometheus before, String name, String... labels) {
        Map<String, Double> delta = new LinkedHashMap<>(bySeries(name, labels));
        before.bySeries(name, labels).forEach((key, value) -> delta.merge(key, -value, Double::sum));
        return delta;
    }
}
