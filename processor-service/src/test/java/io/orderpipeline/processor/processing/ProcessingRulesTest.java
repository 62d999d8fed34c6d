package io.orderpipeline.processor.processing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ProcessingRulesTest {

    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void hasTheDocumentedDefaults() {
        ProcessingRules rules = bind(Map.of());

        assertThat(rules.maxQuantity()).isEqualTo(100);
        assertThat(rules.products())
                .containsExactlyInAnyOrder(
                        "laptop",
                        "phone",
                        "tablet",
                        "monitor",
                        "keyboard",
                        "mouse",
                        "headphones",
                        "camera",
                        "printer",
                        "speaker");
        assertThat(rules.failureRate()).isZero();
        assertThat(VALIDATOR.validate(rules)).isEmpty();
    }

    @Test
    void bindsACommaSeparatedCatalogAsAnEnvironmentVariableGivesIt() {
        ProcessingRules rules = bind(Map.of("processor.rules.products", "laptop,yacht"));

        assertThat(rules.products()).containsExactlyInAnyOrder("laptop", "yacht");
    }

    @Test
    void refusesSettingsOutOfRange() {
        ProcessingRules invalid = new ProcessingRules(0, Set.of(), 1.5);

        assertThat(violatedFields(invalid)).containsExactlyInAnyOrder("maxQuantity", "products", "failureRate");
    }

    private static ProcessingRules bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("processor.rules", ProcessingRules.class);
    }

    private static Set<String> violatedFields(ProcessingRules rules) {
        return VALIDATOR.validate(rules).stream()
                .map(ConstraintViolation::getPropertyPath)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }
}
