package io.orderpipeline.query.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.query.QueryProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PageConfigJsonTest {

    @Test
    void anEmptyTraceUrlMeansNoTraceLinks() {
        var page = new QueryProperties.Page(
                "http://orders.example",
                "",
                200,
                Duration.ofSeconds(15),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                64);

        var config = PageConfigController.PageConfigJson.of(page);

        assertThat(config.ordersUrl()).isEqualTo("http://orders.example");
        assertThat(config.traceUrl()).isNull();
    }
}
