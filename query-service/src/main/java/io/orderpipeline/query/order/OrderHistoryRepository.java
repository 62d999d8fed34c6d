package io.orderpipeline.query.order;

import java.util.List;
import org.springframework.data.repository.Repository;

interface OrderHistoryRepository extends Repository<OrderHistoryEntry, OrderHistoryEntry.Key> {

    List<OrderHistoryEntry> findByOrderIdOrderByVersion(String orderId);
}
