package io.orderpipeline.orders.order.web;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.orders.eventstore.TracedEvent;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.orders.order.CommandPipeline;
import io.orderpipeline.orders.order.OrderCommand;
import io.orderpipeline.orders.order.OrderIds;
import io.orderpipeline.orders.order.OrderService;
import io.orderpipeline.orders.order.OrderSnapshot;
import io.orderpipeline.orders.order.OrderState;
import io.orderpipeline.web.StorableText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/orders")
class OrderController {

    private final CommandPipeline commands;
    private final OrderService orders;

    OrderController(CommandPipeline commands, OrderService orders) {
        this.commands = commands;
        this.orders = orders;
    }

    @Operation(summary = "Create an order", description = "Answers 201 with the new order's id, status and version.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrderResponse> create(
            @Valid @RequestBody CreateOrderRequest request, @Parameter(hidden = true) CommandMetadata metadata) {
        OrderState state = commands.run(null, request.toCommand(), metadata, OptionalLong.empty());
        var location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(state.orderId())
                .toUri();
        return answer(ResponseEntity.created(location), state);
    }

    @Operation(summary = "Ask for processing of a created order", description = "Answers 202: the outcome follows.")
    @PostMapping("/{orderId}/process")
    ResponseEntity<OrderResponse> process(
            @PathVariable @StorableText(max = OrderIds.MAX_LENGTH) String orderId,
            @RequestHeader(name = ExpectedVersion.HEADER, required = false) String ifMatch,
            @Parameter(hidden = true) CommandMetadata metadata) {
        return answer(
                ResponseEntity.status(HttpStatus.ACCEPTED),
                handle(orderId, new OrderCommand.RequestProcessing(), ifMatch, metadata));
    }

    @Operation(summary = "Ship a processed order")
    @PostMapping("/{orderId}/ship")
    ResponseEntity<OrderResponse> ship(
            @PathVariable @StorableText(max = OrderIds.MAX_LENGTH) String orderId,
            @RequestHeader(name = ExpectedVersion.HEADER, required = false) String ifMatch,
            @Parameter(hidden = true) CommandMetadata metadata) {
        return answer(ResponseEntity.ok(), handle(orderId, new OrderCommand.ShipOrder(), ifMatch, metadata));
    }

    @Operation(summary = "Record the delivery of a shipped order")
    @PostMapping("/{orderId}/deliver")
    ResponseEntity<OrderResponse> deliver(
            @PathVariable @StorableText(max = OrderIds.MAX_LENGTH) String orderId,
            @RequestHeader(name = ExpectedVersion.HEADER, required = false) String ifMatch,
            @Parameter(hidden = true) CommandMetadata metadata) {
        return answer(ResponseEntity.ok(), handle(orderId, new OrderCommand.DeliverOrder(), ifMatch, metadata));
    }

    @Operation(summary = "Cancel a created or processed order")
    @PostMapping(path = "/{orderId}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrderResponse> cancel(
            @PathVariable @StorableText(max = OrderIds.MAX_LENGTH) String orderId,
            @Valid @RequestBody CancelOrderRequest request,
            @RequestHeader(name = ExpectedVersion.HEADER, required = false) String ifMatch,
            @Parameter(hidden = true) CommandMetadata metadata) {
        return answer(
                ResponseEntity.ok(),
                handle(orderId, new OrderCommand.CancelOrder(request.reason()), ifMatch, metadata));
    }

    /**
     * The stream exactly as stored: the same JSON envelopes that travel on Kafka, each with the {@code traceId} of
     * the command that committed it (readers of envelopes ignore a field they do not know).
     */
    @Operation(
            summary = "The order's events as stored, oldest first",
            description = "Each entry is the event's envelope as it travels on Kafka, plus traceId: the W3C trace id"
                    + " of the command that committed it, to open the command's trace in the trace UI (absent for"
                    + " events committed without trace context).")
    @GetMapping(path = "/{orderId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    String events(@PathVariable @StorableText(max = OrderIds.MAX_LENGTH) String orderId) {
        return orders.events(orderId).stream()
                .map(OrderController::withTraceId)
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The envelope's JSON object with one more field; a trace id is 32 hex digits, nothing to escape. */
    private static String withTraceId(TracedEvent event) {
        String envelope = EventCodec.encodeToString(event.envelope());
        return event.traceId() == null
                ? envelope
                : envelope.substring(0, envelope.lastIndexOf('}')) + ",\"traceId\":\"" + event.traceId() + "\"}";
    }

    @Operation(
            summary = "The order folded from its events",
            description =
                    "With asOf (an ISO-8601 instant), the state as of that instant; 404 before the order existed.")
    @GetMapping(path = "/{orderId}/state", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrderSnapshot> state(
            @PathVariable @StorableText(max = OrderIds.MAX_LENGTH) String orderId,
            @RequestParam(required = false) Instant asOf) {
        OrderSnapshot snapshot = orders.snapshot(orderId, Optional.ofNullable(asOf));
        return ResponseEntity.ok().eTag("\"" + snapshot.version() + "\"").body(snapshot);
    }

    private OrderState handle(String orderId, OrderCommand command, String ifMatch, CommandMetadata metadata) {
        return commands.run(orderId, command, metadata, ExpectedVersion.of(ifMatch));
    }

    /**
     * A command committed before (a retry with the same key) is answered as the first time, from its commit: same
     * status, {@code Location}, ETag and body (the order at that commit), marked replayed.
     */
    private static ResponseEntity<OrderResponse> answer(ResponseEntity.BodyBuilder builder, OrderState state) {
        if (state.repeated()) {
            builder.header(CommandRequests.REPLAYED_HEADER, "true");
        }
        return builder.eTag("\"" + state.version() + "\"").body(OrderResponse.of(state));
    }
}
