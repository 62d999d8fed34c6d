package io.orderpipeline.orders.order.web;

import io.orderpipeline.events.EventCodec;
import io.orderpipeline.orders.order.CommandMetadata;
import io.orderpipeline.orders.order.OrderCommand;
import io.orderpipeline.orders.order.OrderService;
import io.orderpipeline.orders.order.OrderState;
import jakarta.validation.Valid;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/orders")
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrderResponse> create(@Valid @RequestBody CreateOrderRequest request) {
        OrderState state = orders.create(request.toCommand(), CommandMetadata.newRequest());
        var location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{id}")
                .buildAndExpand(state.orderId())
                .toUri();
        return answer(ResponseEntity.created(location), state);
    }

    @PostMapping("/{orderId}/process")
    ResponseEntity<OrderResponse> process(@PathVariable String orderId) {
        return answer(
                ResponseEntity.status(HttpStatus.ACCEPTED), handle(orderId, new OrderCommand.RequestProcessing()));
    }

    @PostMapping("/{orderId}/ship")
    ResponseEntity<OrderResponse> ship(@PathVariable String orderId) {
        return answer(ResponseEntity.ok(), handle(orderId, new OrderCommand.ShipOrder()));
    }

    @PostMapping("/{orderId}/deliver")
    ResponseEntity<OrderResponse> deliver(@PathVariable String orderId) {
        return answer(ResponseEntity.ok(), handle(orderId, new OrderCommand.DeliverOrder()));
    }

    @PostMapping(path = "/{orderId}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrderResponse> cancel(@PathVariable String orderId, @Valid @RequestBody CancelOrderRequest request) {
        return answer(ResponseEntity.ok(), handle(orderId, new OrderCommand.CancelOrder(request.reason())));
    }

    /** The stream exactly as stored: the same JSON envelopes that travel on Kafka. */
    @GetMapping(path = "/{orderId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    String events(@PathVariable String orderId) {
        return orders.events(orderId).stream()
                .map(EventCodec::encodeToString)
                .collect(Collectors.joining(",", "[", "]"));
    }

    private OrderState handle(String orderId, OrderCommand command) {
        return orders.handle(orderId, command, CommandMetadata.newRequest());
    }

    private static ResponseEntity<OrderResponse> answer(ResponseEntity.BodyBuilder builder, OrderState state) {
        return builder.eTag("\"" + state.version() + "\"").body(OrderResponse.of(state));
    }
}
