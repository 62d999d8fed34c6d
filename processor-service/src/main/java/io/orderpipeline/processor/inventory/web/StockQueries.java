package io.orderpipeline.processor.inventory.web;

import io.micrometer.observation.ObservationRegistry;
import io.orderpipeline.processor.inventory.Inventory;
import io.orderpipeline.processor.inventory.Stock;
import java.net.http.HttpClient;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.kafka.streams.KafkaStreamsInteractiveQueryService;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * A product's stock from the topology's {@code stock} store (Kafka Streams interactive queries). Each product lives
 * on the instance whose task holds its partition: this instance answers from its own store, or asks the owner over
 * HTTP and hands its answer on unchanged.
 */
@Component
class StockQueries {

    /** Marks a request one instance forwarded to another; the receiver answers from its own store or not at all. */
    static final String FORWARDED_BY = "Stock-Forwarded-By";

    private final ObjectProvider<KafkaStreamsInteractiveQueryService> queries;
    private final StockAdminProperties properties;
    private final RestClient owners;

    StockQueries(
            ObjectProvider<KafkaStreamsInteractiveQueryService> queries,
            StockAdminProperties properties,
            ObjectProvider<ObservationRegistry> observations) {
        this.queries = queries;
        this.properties = properties;
        var requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.forwardTimeout())
                .build());
        requests.setReadTimeout(properties.forwardTimeout());
        this.owners = RestClient.builder()
                .requestFactory(requests)
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .build();
    }

    /**
     * @param forwardedBy the instance that forwarded this request, or null: a forwarded request is never forwarded
     *     again, so two instances that disagree about the owner during a rebalance cannot pass it back and forth
     */
    ResponseEntity<?> stock(String product, String forwardedBy) {
        KafkaStreamsInteractiveQueryService streams = queries.getIfAvailable();
        if (streams == null) {
            throw new StockUnavailableException("stock is not kept on this instance (Kafka Streams is not running)");
        }
        try {
            HostInfo owner =
                    streams.getKafkaStreamsApplicationHostInfo(Inventory.STOCK_STORE, product, new StringSerializer());
            HostInfo self = streams.getCurrentKafkaStreamsApplicationHostInfo();
            if (self == null || owner.equals(self)) {
                return ResponseEntity.ok(StockView.of(local(streams, product)));
            }
            if (forwardedBy != null) {
                throw new StockUnavailableException("the product's stock is moving between instances; retry later");
            }
            return forward(owner, self, product);
        } catch (IllegalStateException | IllegalArgumentException | InvalidStateStoreException e) {
            // Not running yet, or a rebalance moving the store (spring-kafka wraps Kafka Streams' own exceptions).
            throw new StockUnavailableException("the stock store is not available now (rebalancing); retry later");
        }
    }

    private static Stock local(KafkaStreamsInteractiveQueryService streams, String product) {
        ReadOnlyKeyValueStore<String, Stock> store =
                streams.retrieveQueryableStore(Inventory.STOCK_STORE, QueryableStoreTypes.keyValueStore());
        Stock stock = store.get(product);
        return stock == null ? Stock.none(product) : stock;
    }

    private ResponseEntity<?> forward(HostInfo owner, HostInfo self, String product) {
        try {
            return owners.get()
                    .uri("http://{host}:{port}/inventory/{product}", owner.host(), owner.port(), product)
                    .headers(headers -> {
                        headers.setBearerAuth(properties.token());
                        headers.set(FORWARDED_BY, self.host() + ":" + self.port());
                    })
                    .exchange((request, answer) -> {
                        HttpHeaders passed = new HttpHeaders();
                        passed.setContentType(answer.getHeaders().getContentType());
                        String retryAfter = answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                        if (retryAfter != null) {
                            passed.set(HttpHeaders.RETRY_AFTER, retryAfter);
                        }
                        return ResponseEntity.status(answer.getStatusCode())
                                .headers(passed)
                                .body(answer.getBody().readAllBytes());
                    });
        } catch (RestClientException e) {
            throw new StockUnavailableException(
                    "the instance that keeps the product's stock did not answer; retry later");
        }
    }
}
