package io.orderpipeline.query.inventory;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

interface StockViewRepository extends Repository<StockView, String> {

    Optional<StockView> findById(String product);

    List<StockView> findAllByOrderByProductAsc();
}
