package io.orderpipeline.query.page;

import io.orderpipeline.query.QueryProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /page/config}: where the browser finds orders-service, and how to link a trace. */
@RestController
class PageConfigController {

    /**
     * @param ordersUrl base URL of orders-service as the browser reaches it
     * @param traceUrl a trace's address with {@code {traceId}} in it, or {@code null} when tracing has no UI
     */
    record PageConfigJson(String ordersUrl, String traceUrl) {

        static PageConfigJson of(QueryProperties.Page page) {
            return new PageConfigJson(page.ordersUrl(), page.traceUrl().isBlank() ? null : page.traceUrl());
        }
    }

    private final PageConfigJson config;

    PageConfigController(QueryProperties properties) {
        this.config = PageConfigJson.of(properties.page());
    }

    @GetMapping("/page/config")
    PageConfigJson config() {
        return config;
    }
}
