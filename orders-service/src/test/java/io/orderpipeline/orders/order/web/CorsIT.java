package io.orderpipeline.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.orders.OrdersServiceTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/** The live page, served from another origin, may send commands and read every answer, refusals included. */
@OrdersServiceTest
@TestPropertySource(
        properties = {
            // A database of its own: this instance's relay would otherwise compete for the other tests' lease.
            "spring.mongodb.database=orders-cors-it",
            "orders.web.cors.allowed-origins=https://page.example,http://localhost:[*]"
        })
class CorsIT {

    private static final String PAGE = "https://page.example";

    @LocalServerPort
    int port;

    private RestClient http;

    @BeforeEach
    void setUp() {
        // The JDK client: HttpURLConnection drops the Origin and Access-Control-Request-* headers.
        http = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory())
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    @Test
    void aPreflightFromAnAllowedOriginAllowsAPostWithTheCommandHeaders() {
        ResponseEntity<Void> preflight = preflight(PAGE, "/orders");

        assertThat(preflight.getStatusCode()).isEqualTo(HttpStatus.OK);
        HttpHeaders headers = preflight.getHeaders();
        assertThat(headers.getAccessControlAllowOrigin()).isEqualTo(PAGE);
        assertThat(headers.getAccessControlAllowMethods()).contains(HttpMethod.POST);
        assertThat(headers.getAccessControlAllowHeaders())
                .map(String::toLowerCase)
                .contains("content-type", "idempotency-key");
    }

    @Test
    void aCreatedOrderExposesItsLocationAndETagToThePage() {
        ResponseEntity<Map> created =
                post(PAGE, "/orders", "{\"customerId\":\"c-1\",\"product\":\"p\",\"quantity\":1}");

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getAccessControlAllowOrigin()).isEqualTo(PAGE);
        assertThat(created.getHeaders().getAccessControlExposeHeaders())
                .map(String::toLowerCase)
                .contains("location", "etag", "retry-after");
    }

    @Test
    void aRefusalOfBadInputIsAProblemThePageCanRead() {
        ResponseEntity<Map> refused = post(PAGE, "/orders", "{\"quantity\":2.5}");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody()).containsKey("errors");
        assertThat(refused.getHeaders().getAccessControlAllowOrigin()).isEqualTo(PAGE);
    }

    @Test
    void aRefusedTransitionIsAProblemThePageCanRead() {
        String orderId = (String) post(PAGE, "/orders", "{\"customerId\":\"c-1\",\"product\":\"p\",\"quantity\":1}")
                .getBody()
                .get("orderId");

        ResponseEntity<Map> refused = post(PAGE, "/orders/" + orderId + "/ship", null);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).containsEntry("currentStatus", "CREATED");
        assertThat(refused.getHeaders().getAccessControlAllowOrigin()).isEqualTo(PAGE);
    }

    @Test
    void aBodyRefusedBeforeMvcIsAProblemThePageCanRead() {
        ResponseEntity<Map> refused = post(PAGE, "/orders", "{\"customerId\":\"" + "x".repeat(20_000) + "\"}");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(refused.getHeaders().getAccessControlAllowOrigin()).isEqualTo(PAGE);
    }

    @Test
    void anUnlistedOriginGetsNoCorsHeaders() {
        String elsewhere = "https://elsewhere.example";

        ResponseEntity<Void> preflight = preflight(elsewhere, "/orders");
        ResponseEntity<Void> post = http.post()
                .uri("/orders")
                .header(HttpHeaders.ORIGIN, elsewhere)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"customerId\":\"c-1\",\"product\":\"p\",\"quantity\":1}")
                .retrieve()
                .toBodilessEntity();

        assertThat(preflight.getHeaders().getAccessControlAllowOrigin()).isNull();
        assertThat(post.getHeaders().getAccessControlAllowOrigin()).isNull();
        // Spring refuses a cross-origin request it does not allow before any handler runs.
        assertThat(post.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void anOriginMatchingAPatternIsAllowed() {
        String devServer = "http://localhost:5173";

        ResponseEntity<Void> preflight = preflight(devServer, "/orders/some-order/cancel");
        ResponseEntity<Map> refused = post(devServer, "/orders", "{\"quantity\":2.5}");

        assertThat(preflight.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(preflight.getHeaders().getAccessControlAllowOrigin()).isEqualTo(devServer);
        assertThat(refused.getHeaders().getAccessControlAllowOrigin()).isEqualTo(devServer);
    }

    @Test
    void theOutboxStatusIsReadableByThePage() {
        ResponseEntity<Map> status = http.get()
                .uri("/outbox")
                .header(HttpHeaders.ORIGIN, PAGE)
                .retrieve()
                .toEntity(Map.class);

        assertThat(status.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(status.getHeaders().getAccessControlAllowOrigin()).isEqualTo(PAGE);
    }

    @Test
    void pathsOutsideTheCommandsAndTheOutboxAreNotShared() {
        ResponseEntity<Void> preflight = http.options()
                .uri("/admin/orders/some-order/republish")
                .header(HttpHeaders.ORIGIN, PAGE)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .retrieve()
                .toBodilessEntity();

        assertThat(preflight.getHeaders().getAccessControlAllowOrigin()).isNull();
    }

    private ResponseEntity<Void> preflight(String origin, String path) {
        return http.options()
                .uri(path)
                .header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type,idempotency-key")
                .retrieve()
                .toBodilessEntity();
    }

    private ResponseEntity<Map> post(String origin, String path, String body) {
        var request = http.post().uri(path).header(HttpHeaders.ORIGIN, origin).contentType(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.body(body);
        }
        return request.retrieve().toEntity(Map.class);
    }
}
