package io.orderpipeline.query.order;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface OrderViewRepository extends Repository<OrderView, String>, JpaSpecificationExecutor<OrderView> {

    Optional<OrderView> findById(String orderId);

    List<OrderView> findByOrderIdIn(Collection<String> orderIds);

    List<OrderChange> findByProjectedAtGreaterThan(Instant since);

    @Query("select max(o.projectedAt) from OrderView o")
    Optional<Instant> newestChange();

    @Query("select o.status, count(o) from OrderView o group by o.status")
    List<Object[]> countByStatus();
}
