package io.orderpipeline.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service with nothing but a few endpoints, to see what its errors look like with web-support's auto-configuration
 * alone. No component scan: it would pick up this package's main classes without their auto-configuration.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ProblemsTestApplication.Endpoints.class)
class ProblemsTestApplication {

    @RestController
    static class Endpoints {

        @GetMapping("/orders/{id}/state")
        String state(@PathVariable String id) {
            return "{\"orderId\":\"" + id.length() + "\"}";
        }

        @GetMapping("/logged")
        String logged() {
            LoggerFactory.getLogger(Endpoints.class).info("answering /logged");
            return "logged";
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internals of com.example.Hidden");
        }

        @GetMapping("/forbidden")
        void forbidden(HttpServletResponse response) throws IOException {
            response.sendError(403, "secret reason from com.example.Hidden");
        }
    }
}
