package io.orderpipeline.query.projection;

import static io.orderpipeline.query.OrderEvents.created;
import static io.orderpipeline.query.OrderEvents.envelope;
import static io.orderpipeline.query.OrderEvents.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderpipeline.events.OrderProcessed;
import io.orderpipeline.events.OrderProcessingRequested;
import io.orderpipeline.query.QueryProperties;
import io.orderpipeline.query.QueryServiceTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The statements of one live batch, counted at the JDBC driver's door. A batch of orders this instance knows are not
 * parked reads neither {@code parked_events} nor {@code parked_skips}; after another writer (a restart, a rebalance)
 * it does. Runs the projection's own code on the live tables under a topic name of its own, and removes its rows.
 */
@QueryServiceTest
class ProjectionStatementsIT {

    private static final String TOPIC = "statements-test";

    @Autowired
    DataSource dataSource;

    @Autowired
    QueryProperties properties;

    @Autowired
    Clock clock;

    @Autowired
    JdbcTemplate jdbc;

    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<String> orderIds = new ArrayList<>();
    private final ParkedIds parkedIds = new ParkedIds();
    private Projection projection;
    private long nextOffset;

    @BeforeEach
    void countingProjection() {
        DataSource counting = new CountingDataSource(dataSource, statements);
        projection = new Projection(
                new ProjectionStore(new JdbcTemplate(counting), properties),
                parkedIds,
                new DataSourceTransactionManager(counting),
                clock);
        parkedIds.refreshed(parkedIds.refreshStarting(), List.of(), List.of(), true);
    }

    @AfterEach
    void removeRows() {
        String[] ids = orderIds.toArray(String[]::new);
        jdbc.update("DELETE FROM order_history WHERE order_id = ANY (?)", (Object) ids);
        jdbc.update("DELETE FROM orders WHERE order_id = ANY (?)", (Object) ids);
        jdbc.update("DELETE FROM parked_events WHERE order_id = ANY (?)", (Object) ids);
        jdbc.update("DELETE FROM projection_offsets WHERE topic = ?", TOPIC);
    }

    @Test
    void aBatchOfOrdersKnownNotParkedReadsNoParkedTables() {
        applyLifecycles(3);
        statements.clear();

        applyLifecycles(3);

        assertThat(statements)
                .as("statements of one batch after this instance's own")
                .map(ProjectionStatementsIT::label)
                .containsExactly(
                        "synchronous_commit off",
                        "lock offsets",
                        "read orders",
                        "upsert orders",
                        "insert history",
                        "store offsets");
    }

    @Test
    void aBatchAfterAnotherWritersCommitAndABatchOfAParkedOrderReadTheParkedTables() {
        applyLifecycles(3);
        // another instance now: it did not store the offsets it finds
        ParkedIds other = new ParkedIds();
        other.refreshed(other.refreshStarting(), List.of(), List.of(), true);
        DataSource counting = new CountingDataSource(dataSource, statements);
        Projection afterRebalance = new Projection(
                new ProjectionStore(new JdbcTemplate(counting), properties),
                other,
                new DataSourceTransactionManager(counting),
                clock);
        statements.clear();

        BatchPlan plan = afterRebalance.apply(ProjectionTables.LIVE, TOPIC, lifecycles(3), Projection.DeadLetters.NONE);

        assertThat(statements).map(ProjectionStatementsIT::label).contains("read parked events", "read skips");
        assertThat(other.takeRefreshDue()).isTrue();

        other.stored(plan.epoch, plan.progress);
        String parked = newOrderId();
        other.refreshed(other.refreshStarting(), List.of(parked), List.of(), true);
        statements.clear();
        orderIds.add(parked);
        var input = ProjectionInput.event(0, nextOffset++, created(parked, "c-sql", "laptop", 1));
        afterRebalance.apply(
                ProjectionTables.LIVE,
                TOPIC,
                new Batch(List.of(input), Map.of(0, nextOffset)),
                Projection.DeadLetters.NONE);

        assertThat(statements).map(ProjectionStatementsIT::label).contains("read parked events", "read skips");
    }

    private void applyLifecycles(int orders) {
        BatchPlan plan =
                projection.apply(ProjectionTables.LIVE, TOPIC, lifecycles(orders), Projection.DeadLetters.NONE);
        assertThat(plan.applied).isEqualTo(orders * 3);
        parkedIds.stored(plan.epoch, plan.progress);
    }

    /** Whole lifecycles on partition 0 at the next offsets, as one poll would bring them. */
    private Batch lifecycles(int orders) {
        List<ProjectionInput> inputs = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String orderId = newOrderId();
            orderIds.add(orderId);
            inputs.add(ProjectionInput.event(0, nextOffset++, created(orderId, "c-sql", "laptop", 1)));
            inputs.add(ProjectionInput.event(
                    0, nextOffset++, envelope(orderId, 2, new OrderProcessingRequested("c-sql", "laptop", 1))));
            inputs.add(ProjectionInput.event(0, nextOffset++, envelope(orderId, 3, new OrderProcessed())));
        }
        return new Batch(inputs, Map.of(0, nextOffset));
    }

    private static String label(String sql) {
        if (sql.contains("synchronous_commit")) {
            return "synchronous_commit off";
        } else if (sql.contains("FOR UPDATE")) {
            return "lock offsets";
        } else if (sql.contains("FROM parked_events")) {
            return "read parked events";
        } else if (sql.contains("FROM parked_skips")) {
            return "read skips";
        } else if (sql.startsWith("SELECT * FROM orders ")) {
            return "read orders";
        } else if (sql.startsWith("INSERT INTO orders ")) {
            return "upsert orders";
        } else if (sql.startsWith("INSERT INTO order_history ")) {
            return "insert history";
        } else if (sql.startsWith("INSERT INTO projection_offsets ")) {
            return "store offsets";
        }
        return sql;
    }

    /** Notes the text of every statement prepared or executed on its connections. */
    private static final class CountingDataSource extends DelegatingDataSource {
        private final List<String> statements;

        CountingDataSource(DataSource target, List<String> statements) {
            super(target);
            this.statements = statements;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")
                                || method.getName().equals("prepareCall")) {
                            statements.add((String) args[0]);
                        }
                        Object result = invoke(connection, method, args);
                        return result instanceof Statement statement
                                        && method.getName().equals("createStatement")
                                ? countingStatement(statement)
                                : result;
                    });
        }

        private Statement countingStatement(Statement statement) {
            return (Statement) Proxy.newProxyInstance(
                    Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                            statements.add(sql);
                        }
                        return invoke(statement, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
