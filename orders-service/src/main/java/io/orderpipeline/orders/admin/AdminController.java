package io.orderpipeline.orders.admin;

import io.orderpipeline.orders.order.OrderIds;
import io.orderpipeline.orders.outbox.OrderRepublisher;
import io.orderpipeline.web.StorableText;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/admin/orders")
class AdminController {

    private final OrderRepublisher republisher;

    AdminController(OrderRepublisher republisher) {
        this.republisher = republisher;
    }

    @Operation(
            summary = "Send the order's whole stream to orders.events again",
            description = "Answers 202: the outbox publishes every committed event of the order again, in version"
                    + " order, within a second or so. Consumers ignore the versions they have and apply the ones"
                    + " they missed: how an operator fills a gap the projection reports. Bearer token required.")
    @PostMapping("/{orderId}/republish")
    ResponseEntity<RepublishResponse> republish(@PathVariable @StorableText(max = OrderIds.MAX_LENGTH) String orderId) {
        return ResponseEntity.accepted().body(new RepublishResponse(orderId, republisher.republish(orderId)));
    }

    /** @param commits how many commits of the order are being published again */
    record RepublishResponse(String orderId, long commits) {}
}
