package io.orderpipeline.query.projection;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator's view of parked orders and the actions on one (bearer token, like every {@code /admin} path). */
@RestController
@RequestMapping("/admin/parked")
class ParkedOrdersController {

    static final int LIST_LIMIT = 1000;

    record ParkedOrderJson(
            String orderId,
            long firstParkedVersion,
            String cause,
            String reason,
            int partition,
            long offset,
            Instant parkedAt,
            long waitingEvents) {

        static ParkedOrderJson of(ParkedOrder order) {
            return order == null
                    ? null
                    : new ParkedOrderJson(
                            order.orderId(),
                            order.firstParkedVersion(),
                            order.cause().name(),
                            order.reason(),
                            order.partition(),
                            order.offset(),
                            order.parkedAt(),
                            order.waitingEvents());
        }
    }

    record ParkedEventJson(
            long version,
            String eventType,
            String eventId,
            String cause,
            String reason,
            int partition,
            long offset,
            Instant parkedAt) {}

    /** @param parked {@code null} once nothing of the order is parked any more */
    record DetailJson(
            String orderId, ParkedOrderJson parked, List<ParkedEventJson> events, List<Map<String, Object>> skips) {

        static DetailJson of(String orderId, ParkedOrders.Detail detail) {
            return new DetailJson(
                    orderId,
                    ParkedOrderJson.of(detail.order()),
                    detail.events().stream()
                            .map(event -> new ParkedEventJson(
                                    event.version(),
                                    event.envelope().type(),
                                    event.envelope().eventId().toString(),
                                    event.cause().name(),
                                    event.reason(),
                                    event.partition(),
                                    event.offset(),
                                    event.parkedAt()))
                            .toList(),
                    detail.skips());
        }
    }

    /** @param by who skips (recorded), @param reason why (recorded) */
    record SkipRequest(
            @NotBlank @Size(max = 200) String by,
            @NotBlank @Size(max = 2000) String reason) {}

    private final ParkedOrders parkedOrders;

    ParkedOrdersController(ParkedOrders parkedOrders) {
        this.parkedOrders = parkedOrders;
    }

    @GetMapping
    List<ParkedOrderJson> list() {
        return parkedOrders.list(LIST_LIMIT).stream().map(ParkedOrderJson::of).toList();
    }

    @GetMapping("/{orderId}")
    DetailJson one(@PathVariable String orderId) {
        return parkedOrders
                .detail(orderId)
                .map(detail -> DetailJson.of(orderId, detail))
                .orElseThrow(() -> notParked(orderId));
    }

    /** Applies the parked events again (after a fix); what is still parked afterwards is in the answer. */
    @PostMapping("/{orderId}/retry")
    DetailJson retry(@PathVariable String orderId) {
        requireParked(orderId);
        return parkedOrders
                .retry(orderId)
                .map(detail -> DetailJson.of(orderId, detail))
                .orElseThrow(() -> notParked(orderId));
    }

    /** Steps over the version the order waits on (recorded with who, why and when), then applies what follows. */
    @PostMapping("/{orderId}/skip")
    DetailJson skip(@PathVariable String orderId, @Valid @RequestBody SkipRequest request) {
        try {
            return parkedOrders
                    .skip(orderId, request.by(), request.reason())
                    .map(detail -> DetailJson.of(orderId, detail))
                    .orElseThrow(() -> notParked(orderId));
        } catch (IllegalArgumentException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
            problem.setTitle("Cannot skip");
            problem.setProperty("orderId", orderId);
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
    }

    private void requireParked(String orderId) {
        if (parkedOrders.detail(orderId).map(ParkedOrders.Detail::order).isEmpty()) {
            throw notParked(orderId);
        }
    }

    private static ErrorResponseException notParked(String orderId) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "order " + orderId + " is not parked");
        problem.setTitle("Order not parked");
        problem.setProperty("orderId", orderId);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
