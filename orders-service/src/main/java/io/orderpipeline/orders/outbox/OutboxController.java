package io.orderpipeline.orders.outbox;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OutboxController {

    private final OutboxRelay relay;

    OutboxController(OutboxRelay relay) {
        this.relay = relay;
    }

    @Operation(
            summary = "Where this instance's outbox stands",
            description = "Whether this instance publishes (holds the lease), its backlog of commits not yet"
                    + " acknowledged by Kafka and the age of the oldest of them (both 0 on a standby), and the lease"
                    + " holder if known. Answered from memory.")
    @GetMapping(path = "/outbox", produces = MediaType.APPLICATION_JSON_VALUE)
    OutboxStatus status() {
        return relay.status();
    }
}
