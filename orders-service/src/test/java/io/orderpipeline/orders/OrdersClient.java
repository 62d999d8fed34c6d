package io.orderpipeline.orders;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** An HTTP client of orders-service that hands back every answer, 4xx and 5xx included, for the test to judge. */
public final class OrdersClient {

    private final RestClient http;

    public OrdersClient(int port) {
        this.http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    public ResponseEntity<Map> post(String path, Object body) {
        return post(path, body, new HttpHeaders());
    }

    /** Posts a JSON body (a String is sent as is, anything else is serialized); null sends no body. */
    public ResponseEntity<Map> post(String path, Object body, HttpHeaders headers) {
        var request = http.post().uri(path).headers(h -> h.addAll(headers));
        if (headers.getContentType() == null) {
            request.contentType(MediaType.APPLICATION_JSON);
        }
        if (body != null) {
            request.body(body);
        }
        return request.retrieve().toEntity(Map.class);
    }

    public ResponseEntity<String> get(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    public ResponseEntity<Map> getJson(String path) {
        return http.get().uri(path).retrieve().toEntity(Map.class);
    }

    /** Creates an order for 2 laptops and answers its id. */
    public String createOrder() {
        return (String) post("/orders", Map.of("customerId", "c-1", "product", "laptop", "quantity", 2))
                .getBody()
                .get("orderId");
    }
}
