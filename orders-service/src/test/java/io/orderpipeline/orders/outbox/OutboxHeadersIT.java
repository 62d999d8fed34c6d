package io.orderpipeline.orders.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.events.EventHeaders;
import io.orderpipeline.events.Topics;
import io.orderpipeline.orders.OrderEventsConsumer;
import io.orderpipeline.orders.OrdersClient;
import io.orderpipeline.orders.OrdersServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Every record the relay sends says when its event was committed: the first hop of the live page's timeline. */
@OrdersServiceTest
class OutboxHeadersIT {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaConnectionDetails kafka;

    @Test
    void everyRecordCarriesItsCommitsTime() {
        OrdersClient orders = new OrdersClient(port);
        String orderId = orders.createOrder();
        orders.post("/orders/" + orderId + "/process", null);
        Map<Long, Instant> committedAtByVersion =
                mongo.find(Query.query(Criteria.where("orderId").is(orderId)), Document.class, "commits").stream()
                        .collect(Collectors.toMap(
                                commit -> commit.get("toVersion", Number.class).longValue(),
                                commit -> commit.getDate("committedAt").toInstant()));
        assertThat(committedAtByVersion).containsOnlyKeys(1L, 2L);

        List<ConsumerRecord<String, byte[]>> records;
        try (OrderEventsConsumer consumer = new OrderEventsConsumer(
                kafka.getBootstrapServers(), Set.of(Topics.ORDER_EVENTS, Topics.PROCESSING_REQUESTS))) {
            // Versions 1 and 2 on orders.events, and version 2's copy on orders.processing-requests.
            records = consumer.awaitRecords(record -> orderId.equals(record.key()), 3);
        }

        assertThat(records).extracting(ConsumerRecord::topic).contains(Topics.ORDER_EVENTS, Topics.PROCESSING_REQUESTS);
        for (ConsumerRecord<String, byte[]> record : records) {
            long version = EventCodec.decode(record.value()).version();
            String committedAt = text(record.headers().lastHeader(EventHeaders.COMMITTED_AT));
            assertThat(committedAt)
                    .as("%s v%d", record.topic(), version)
                    .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(Instant.parse(committedAt))
                    .as("%s v%d", record.topic(), version)
                    .isEqualTo(committedAtByVersion.get(version));
            assertThat(record.headers().lastHeader(EventHeaders.DECIDED_AT))
                    .as("no processor decided %s v%d", record.topic(), version)
                    .isNull();
        }
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
