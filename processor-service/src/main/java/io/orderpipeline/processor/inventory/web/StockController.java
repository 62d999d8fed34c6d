package io.orderpipeline.processor.inventory.web;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A product's stock over HTTP, for the holder of the admin token ({@link StockAdminConfiguration}). */
@RestController
@RequestMapping("/inventory/{product}")
class StockController {

    private final StockCommands commands;
    private final StockQueries queries;

    StockController(StockCommands commands, StockQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @GetMapping
    ResponseEntity<?> stock(
            @PathVariable @CatalogProduct String product,
            @RequestHeader(name = StockQueries.FORWARDED_BY, required = false) String forwardedBy) {
        return queries.stock(product, forwardedBy);
    }

    @PostMapping("/receipts")
    StockView receive(@PathVariable @CatalogProduct String product, @RequestBody @Valid ReceiptRequest receipt) {
        return StockView.of(commands.receive(product, receipt.quantity(), receipt.reason()));
    }

    @PutMapping("/on-hand")
    StockView setOnHand(@PathVariable @CatalogProduct String product, @RequestBody @Valid OnHandRequest onHand) {
        return StockView.of(commands.setOnHand(product, onHand.count(), onHand.reason()));
    }
}
