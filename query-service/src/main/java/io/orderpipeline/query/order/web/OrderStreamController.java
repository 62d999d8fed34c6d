package io.orderpipeline.query.order.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live page's feed: {@code orders} events (JSON arrays of orders as {@code GET /orders/{id}} shows them). */
@RestController
class OrderStreamController {

    private final OrderStream stream;

    OrderStreamController(OrderStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/orders/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        SseEmitter emitter = stream.open();
        if (emitter == null) {
            throw new StreamsExhaustedException();
        }
        return emitter;
    }

    /** Typed explicitly: the request accepts only text/event-stream, which would leave no converter for a problem. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> exhausted(StreamsExhaustedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "too many clients follow the order stream; retry later");
        problem.setTitle("Order stream full");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    static final class StreamsExhaustedException extends RuntimeException {
        StreamsExhaustedException() {
            super("order stream full", null, false, false);
        }
    }
}
