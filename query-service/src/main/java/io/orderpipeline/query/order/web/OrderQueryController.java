package io.orderpipeline.query.order.web;

import io.orderpipeline.query.QueryProperties;
import io.orderpipeline.query.order.OrderFilter;
import io.orderpipeline.query.order.OrderQueries;
import io.orderpipeline.query.order.OrderStatus;
import io.orderpipeline.query.order.OrderView;
import io.orderpipeline.query.projection.AppliedVersions;
import io.orderpipeline.query.projection.ParkedOrders;
import io.orderpipeline.query.projection.ParkedState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@RequestMapping("/orders")
class OrderQueryController {

    private final OrderQueries queries;
    private final AppliedVersions versions;
    private final Executor executor;
    private final QueryProperties.ReadYourWrites readYourWrites;
    private final ParkedOrders parkedOrders;

    OrderQueryController(
            OrderQueries queries,
            AppliedVersions versions,
            ParkedOrders parkedOrders,
            @Qualifier("applicationTaskExecutor") Executor executor,
            QueryProperties properties) {
        this.queries = queries;
        this.versions = versions;
        this.executor = executor;
        this.readYourWrites = properties.readYourWrites();
        this.parkedOrders = parkedOrders;
    }

    @GetMapping
    OrderPageJson list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String product,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String size,
            WebRequest request) {
        // Read raw: bound to a List, "sort=quantity,desc" would be split into two values at the comma.
        String[] sort = request.getParameterValues("sort");
        var filter = new OrderFilter(
                QueryParameters.status(status),
                QueryParameters.text("customerId", customerId),
                QueryParameters.text("product", product));
        return OrderPageJson.of(
                queries.list(filter, QueryParameters.page(page, size, sort == null ? List.of() : List.of(sort))));
    }

    @GetMapping("/stats")
    StatsJson stats() {
        Map<OrderStatus, Long> counts = queries.countByStatus();
        return new StatsJson(counts.values().stream().mapToLong(Long::longValue).sum(), counts);
    }

    @GetMapping("/{orderId}")
    OrderJson one(@PathVariable String orderId) {
        QueryParameters.storable("orderId", orderId);
        Optional<OrderView> view = queries.find(orderId);
        Optional<ParkedState> parked = parkedOrders.ifParked(orderId, view.isPresent());
        return view.map(found -> OrderJson.of(found, parked.orElse(null)))
                .orElseThrow(() -> new OrderNotFoundException(orderId, parked.orElse(null)));
    }

    /**
     * Read-your-writes: answers once the projection has applied {@code minVersion}. The request thread is released
     * while it waits; the projection's commit notification (or the deadline) resumes it, and only then is the
     * database read again.
     */
    @GetMapping(path = "/{orderId}", params = "minVersion")
    CompletableFuture<ResponseEntity<?>> atLeast(
            @PathVariable String orderId,
            @RequestParam String minVersion,
            @RequestParam(required = false) String waitMs) {
        QueryParameters.storable("orderId", orderId);
        long version = QueryParameters.longValue("minVersion", minVersion, 1, Long.MAX_VALUE);
        long wait = waitMs == null
                ? readYourWrites.defaultWait().toMillis()
                : QueryParameters.longValue(
                        "waitMs", waitMs, 0, readYourWrites.maxWait().toMillis());
        CompletableFuture<Long> applied = versions.whenApplied(orderId, version);
        Optional<OrderView> current = queries.find(orderId);
        if (current.isPresent() && current.get().version() >= version) {
            applied.cancel(false);
            return CompletableFuture.completedFuture(ResponseEntity.ok(OrderJson.of(current.get())));
        }
        return applied.orTimeout(wait, TimeUnit.MILLISECONDS)
                .handleAsync((reached, timeout) -> answer(orderId, version), executor);
    }

    @GetMapping("/{orderId}/history")
    List<HistoryJson> history(@PathVariable String orderId) {
        QueryParameters.storable("orderId", orderId);
        var entries = queries.history(orderId);
        if (entries.isEmpty()) {
            throw new OrderNotFoundException(orderId);
        }
        return entries.stream().map(HistoryJson::of).toList();
    }

    private ResponseEntity<?> answer(String orderId, long version) {
        Optional<OrderView> current = queries.find(orderId);
        if (current.isPresent() && current.get().version() >= version) {
            return ResponseEntity.ok(OrderJson.of(current.get()));
        }
        long currentVersion = current.map(OrderView::version).orElse(0L);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "order " + orderId + " is at version " + currentVersion + " in the read model, not yet at " + version);
        problem.setTitle("Version not applied yet");
        problem.setProperty("orderId", orderId);
        problem.setProperty("requestedVersion", version);
        problem.setProperty("currentVersion", currentVersion);
        // Waiting longer does not help an order whose next events are parked: say so.
        parkedOrders.ifParked(orderId, current.isPresent()).ifPresent(parked -> problem.setProperty("parked", parked));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }
}
