package io.orderpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * There is no Docker engine where CI runs, so the compose stack is checked without one: against the compose-spec
 * schema (src/test/resources/compose-spec.schema.json, as bundled by the npm package dclint 3.1.0), and for the
 * properties a user relies on when running {@code docker compose up}.
 */
class ComposeFileTest {

    private static final Path DEPLOY = Path.of("").toAbsolutePath();
    private static final Path REPOSITORY = DEPLOY.getParent();
    private static final List<String> SERVICES = List.of("orders-service", "processor-service", "query-service");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private final JsonNode compose = load(DEPLOY.resolve("docker-compose.yml"));

    @Test
    void conformsToTheComposeSpecification() {
        List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:compose-spec.schema.json"))
                .validate(compose);

        assertThat(errors).extracting(Error::toString).isEmpty();
    }

    @Test
    void pinsEveryImageToAVersion() {
        compose.get("services").properties().forEach(service -> {
            String image = service.getValue().path("image").asString("");
            assertThat(image)
                    .as("image of %s", service.getKey())
                    .matches("[^:]+:[^:]+")
                    .doesNotEndWith(":latest");
        });
    }

    @Test
    void startsEveryServiceOnlyOnceWhatItNeedsIsHealthy() {
        compose.get("services")
                .properties()
                .forEach(service -> service.getValue()
                        .path("depends_on")
                        .properties()
                        .forEach(dependency -> assertThat(
                                        dependency.getValue().path("condition").asString())
                                .as("%s waits for %s", service.getKey(), dependency.getKey())
                                .isIn("service_healthy", "service_completed_successfully")));
        SERVICES.forEach(name -> assertThat(service(name).has("healthcheck"))
                .as("%s has a health check", name)
                .isTrue());
    }

    /**
     * A setting a service reads with no default, or with a default that only works on a developer's machine
     * (localhost), must be set in compose, or the container would start pointing at itself.
     */
    @Test
    void providesEverySettingTheServicesCannotDefault() throws IOException {
        for (String name : SERVICES) {
            Set<String> provided = new TreeSet<>();
            service(name).path("environment").properties().forEach(variable -> provided.add(variable.getKey()));

            assertThat(provided)
                    .as("environment of %s in docker-compose.yml", name)
                    .containsAll(requiredSettings(name));
        }
    }

    @Test
    void keepsSecretsOutOfTheComposeFileAndTheImages() throws IOException {
        String file = Files.readString(DEPLOY.resolve("docker-compose.yml"));
        assertThat(file).containsPattern("POSTGRES_PASSWORD: \\$\\{POSTGRES_PASSWORD:\\?");
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).doesNotContainIgnoringCase("password");
        assertThat(DEPLOY.resolve(".env.example")).content().contains("POSTGRES_PASSWORD=");
    }

    @Test
    void runsTheServicesAsANonRootUser() throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY.resolve("Dockerfile"));
        String lastUser = lines.stream()
                .filter(line -> line.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElse("");

        assertThat(lastUser).isNotBlank().isNotEqualTo("USER root");
        assertThat(lines.stream().filter(line -> line.startsWith("FROM ")).count())
                .as("multi-stage")
                .isEqualTo(2);
    }

    private Set<String> requiredSettings(String service) throws IOException {
        Path config = REPOSITORY.resolve(service).resolve("src/main/resources").resolve(service + ".yml");
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(config));
        Set<String> required = new TreeSet<>();
        while (matcher.find()) {
            String defaultValue = matcher.group(2);
            if (defaultValue == null || defaultValue.contains("localhost") || defaultValue.contains("127.0.0.1")) {
                required.add(matcher.group(1));
            }
        }
        assertThat(required).as("%s reads connection settings", service).isNotEmpty();
        return required;
    }

    private JsonNode service(String name) {
        return compose.get("services").get(name);
    }

    /** SnakeYAML resolves the anchors and merge keys ({@code <<:}) compose files use; Jackson gives the tree. */
    private static JsonNode load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Object> yaml = new Yaml().load(in);
            return JsonMapper.builder().build().valueToTree(yaml);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
