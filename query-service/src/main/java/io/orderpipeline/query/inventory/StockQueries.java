package io.orderpipeline.query.inventory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The reads of the inventory table, one statement each. */
@Component
class StockQueries {

    private static final String COLUMNS = "product, on_hand, reserved, available, version, changed_at";

    private static final RowMapper<StockView> STOCK = (rs, row) -> new StockView(
            rs.getString("product"),
            rs.getLong("on_hand"),
            rs.getLong("reserved"),
            rs.getLong("available"),
            rs.getLong("version"),
            rs.getObject("changed_at", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    StockQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StockView> find(String product) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM inventory WHERE product = ?")
                .param(product)
                .query(STOCK)
                .optional();
    }

    List<StockView> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM inventory ORDER BY product")
                .query(STOCK)
                .list();
    }
}
