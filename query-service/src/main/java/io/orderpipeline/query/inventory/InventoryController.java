package io.orderpipeline.query.inventory;

import io.orderpipeline.web.StorableText;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The stock of every product, or of one, as of the newest event the inventory projection applied. */
@RestController
@RequestMapping("/inventory")
class InventoryController {

    private final StockQueries stock;

    InventoryController(StockQueries stock) {
        this.stock = stock;
    }

    @GetMapping
    List<StockJson> all() {
        return stock.all().stream().map(StockJson::of).toList();
    }

    /** The product is checked with the rule orders-service applies to an order's {@code product}. */
    @GetMapping("/{product}")
    StockJson one(@PathVariable @NotBlank(message = "must not be blank") @StorableText(max = 128) String product) {
        return stock.find(product).map(StockJson::of).orElseThrow(() -> notFound(product));
    }

    private static ErrorResponseException notFound(String product) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no stock known for " + product);
        problem.setTitle("Product not found");
        problem.setProperty("product", product);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
