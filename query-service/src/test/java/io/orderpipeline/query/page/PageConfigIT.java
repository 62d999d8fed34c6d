package io.orderpipeline.query.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.query.Http;
import io.orderpipeline.query.QueryServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@QueryServiceTest
class PageConfigIT {

    @LocalServerPort
    int port;

    @Test
    void answersWhereTheBrowserFindsOrdersServiceAndHowToLinkATrace() {
        Http.Response config = new Http(port).get("/page/config");

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.contentType()).startsWith("application/json");
        assertThat(config.json().get("ordersUrl").asString()).isEqualTo("http://localhost:8080");
        assertThat(config.json().get("traceUrl").asString()).isEqualTo("http://localhost:9411/zipkin/traces/{traceId}");
    }
}
