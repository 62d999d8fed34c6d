package io.orderpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * There is no Docker engine where CI runs, so the compose stack is checked without one: against the compose-spec
 * schema (src/test/resources/compose-spec.schema.json, as bundled by the npm package dclint 3.1.0), and for the
 * properties a user relies on when running {@code docker compose up}. What the images do with their settings (data
 * directories, users, health-check tools) is taken from each image's own Dockerfile and entrypoint, cited where used.
 */
class ComposeFileTest {

    private static final Path DEPLOY = Path.of("").toAbsolutePath();
    private static final Path REPOSITORY = DEPLOY.getParent();
    private static final List<String> SERVICES = List.of("orders-service", "processor-service", "query-service");
    /** Run as several instances with {@code docker compose up --scale}; orders-service is the fixed entry point. */
    private static final List<String> SCALABLE = List.of("processor-service", "query-service");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Duration DOCKER_DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The data directories each store image declares as a VOLUME, by image and major version, from the image's
     * Dockerfile. A newer image may move them (postgres 18 did): read its Dockerfile, then add it here.
     */
    private static final Map<String, Set<String>> IMAGE_DATA_VOLUMES = Map.of(
            "apache/kafka:4", Set.of("/var/lib/kafka/data"),
            "mongo:8", Set.of("/data/db", "/data/configdb"),
            "postgres:17", Set.of("/var/lib/postgresql/data"));

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
                    .doesNotEndWith(":latest")
                    .doesNotEndWith(":main");
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
     * Each store names its data directory and keeps it on a named volume mounted exactly there, on the directory
     * the image itself declares as a VOLUME and prepares for its user. Named, not bind-mounted: Docker fills a new
     * named volume with the image directory's ownership, so the store's unprivileged user can write to it.
     * <ul>
     *   <li>apache/kafka: runs as appuser (uid 1000); its Dockerfile creates {@code /var/lib/kafka/data} owned by
     *       appuser and declares it a VOLUME. {@code log.dirs} must be set: as soon as any {@code KAFKA_*}
     *       variable is given, the image writes its configuration from the environment alone, and Kafka's own
     *       default is {@code /tmp/kafka-logs}.
     *   <li>mongo: the entrypoint chowns {@code /data/db} and {@code /data/configdb} to mongodb (uid 999);
     *       mongod's default {@code --dbpath} is {@code /data/db}.
     *   <li>postgres 17: {@code PGDATA=/var/lib/postgresql/data} and the VOLUME there (18+ moved both).
     * </ul>
     */
    @Test
    void keepsEveryStoresDataOnTheNamedVolumeTheImageDeclares() {
        assertDataOnNamedVolume("kafka", environment("kafka", "KAFKA_LOG_DIRS"));
        assertDataOnNamedVolume("mongodb", argument("mongodb", "--dbpath"));
        assertDataOnNamedVolume("postgres", environment("postgres", "PGDATA"));
    }

    @Test
    void restartsTheLongRunningServicesButNotTheOneShots() {
        Set<String> oneShots = new TreeSet<>();
        compose.get("services")
                .properties()
                .forEach(service -> service.getValue()
                        .path("depends_on")
                        .properties()
                        .forEach(dependency -> {
                            if ("service_completed_successfully"
                                    .equals(dependency
                                            .getValue()
                                            .path("condition")
                                            .asString())) {
                                oneShots.add(dependency.getKey());
                            }
                        }));
        assertThat(oneShots).containsExactly("kafka-init");

        compose.get("services").properties().forEach(service -> {
            String restart = service.getValue().path("restart").asString("no");
            if (oneShots.contains(service.getKey())) {
                assertThat(restart)
                        .as("restart of one-shot %s", service.getKey())
                        .isIn("no", "on-failure");
            } else {
                assertThat(restart).as("restart of %s", service.getKey()).isIn("unless-stopped", "always");
            }
        });
    }

    @Test
    void buildsTheServiceImagesInsteadOfPullingThem() {
        compose.get("services").properties().forEach(service -> {
            if (service.getValue().has("build") && service.getValue().has("image")) {
                assertThat(service.getValue().path("pull_policy").asString(""))
                        .as("pull_policy of %s, which names an image it builds", service.getKey())
                        .isEqualTo("build");
            }
        });
        SERVICES.forEach(name ->
                assertThat(service(name).has("build")).as("%s is built", name).isTrue());
    }

    /**
     * {@code docker compose up --scale processor-service=2 --scale query-service=2}: a second instance cannot bind
     * a host port the first one holds, and a fixed container or host name would make the instances the same.
     */
    @Test
    void scalesProcessorAndQueryServiceWithoutClashes() {
        for (String name : SCALABLE) {
            JsonNode service = service(name);
            assertThat(service.has("container_name"))
                    .as("%s has a container_name", name)
                    .isFalse();
            assertThat(service.has("hostname")).as("%s has a hostname", name).isFalse();
            assertThat(publishedPorts(service))
                    .as("host ports %s publishes", name)
                    .isNotEmpty()
                    .allSatisfy(port -> assertThat(port.hostPort())
                            .as("fixed host port of %s", name)
                            .isEmpty());
        }
    }

    @Test
    void publishesPortsOnLocalhostOnly() {
        compose.get("services")
                .properties()
                .forEach(service -> assertThat(publishedPorts(service.getValue()))
                        .as("ports of %s", service.getKey())
                        .allSatisfy(port -> assertThat(port.hostIp()).isEqualTo("127.0.0.1")));
    }

    /** Healthy means usable: the services' MongoDB URI names the replica set, so they need a primary. */
    @Test
    void reportsMongoDbHealthyOnlyOnceItIsThePrimary() {
        String check = healthCheck("mongodb");

        assertThat(check).startsWith("mongosh").contains("rs.initiate(");
        assertThat(check)
                .as("fails unless this node is the writable primary")
                .containsPattern("if \\(!db\\.hello\\(\\)\\.isWritablePrimary\\) \\{ (throw |quit\\([1-9])");
    }

    /** During first-time init the postgres image runs a temporary server with {@code listen_addresses=''}. */
    @Test
    void checksPostgresOverTcpNotTheInitSocket() {
        assertThat(healthCheck("postgres")).containsPattern("^pg_isready\\b.* -h (127\\.0\\.0\\.1|localhost)\\b");
    }

    /**
     * The partition count has one source: kafka-init creates the topics with it, every service declares its topics
     * with it (a service that declares them first would otherwise create them with its own default), and the
     * services that run one consumer per partition size their listeners with it.
     */
    @Test
    void givesKafkaInitAndEveryServiceTheSamePartitionCount() throws IOException {
        String partitions = environment("kafka-init", "TOPIC_PARTITIONS");
        assertThat(partitions).startsWith("${TOPIC_PARTITIONS");

        for (String name : SERVICES) {
            String prefix = name.substring(0, name.indexOf('-'));
            assertThat(readsTopicPartitions(name, prefix))
                    .as("%s reads %s.topics.partitions", name, prefix)
                    .isTrue();
            Set<String> variables = new TreeSet<>(Set.of(prefix.toUpperCase() + "_TOPICS_PARTITIONS"));
            variables.addAll(listenerConcurrencyVariables(name));
            variables.forEach(variable -> assertThat(environment(name, variable))
                    .as("%s of %s", variable, name)
                    .isEqualTo(partitions));
        }
    }

    /** Consumers with a short session timeout are refused by a broker whose minimum is longer (6 s by default). */
    @Test
    void letsTheBrokerAcceptShortSessionsAndAbortTimedOutTransactionsQuickly() throws IOException {
        long minSession = Long.parseLong(environment("kafka", "KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS"));
        long abortInterval = Long.parseLong(
                environment("kafka", "KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS"));

        assertThat(minSession).isLessThanOrEqualTo(2000);
        assertThat(abortInterval).isLessThanOrEqualTo(250);
        Pattern sessionTimeout = Pattern.compile("session\\.timeout\\.ms:\\s*\"?(\\d+)");
        for (String name : SERVICES) {
            Matcher matcher = sessionTimeout.matcher(Files.readString(serviceConfig(name)));
            while (matcher.find()) {
                assertThat(Long.parseLong(matcher.group(1)))
                        .as("session.timeout.ms of %s", name)
                        .isGreaterThanOrEqualTo(minSession);
            }
        }
    }

    /**
     * Docker sends SIGKILL 10 s after SIGTERM unless told otherwise. orders-service's stop lets the outbox relay
     * finish a round and then waits for it once more after interrupting it (2 × send-timeout), releases the lease
     * ({@code OutboxLease.RELEASE_TIMEOUT}) and flushes the command log (2 × write-timeout); cut short, the lease is
     * not handed on and the last commands' log entries are lost.
     */
    @Test
    void givesEveryServiceTimeToStop() throws IOException {
        Map<String, Object> orders = loadMap(serviceConfig("orders-service"));
        Duration sendTimeout = springDuration(path(orders, "orders", "outbox", "send-timeout"));
        Duration writeTimeout = springDuration(path(orders, "orders", "command-log", "write-timeout"));
        Matcher release = Pattern.compile("RELEASE_TIMEOUT = Duration\\.ofSeconds\\((\\d+)\\)")
                .matcher(Files.readString(REPOSITORY.resolve(
                        "orders-service/src/main/java/io/orderpipeline/orders/outbox/OutboxLease.java")));
        assertThat(release.find()).as("OutboxLease.RELEASE_TIMEOUT").isTrue();
        Duration ordersStop = sendTimeout
                .multipliedBy(2)
                .plusSeconds(Long.parseLong(release.group(1)))
                .plus(writeTimeout.multipliedBy(2));

        assertThat(stopGracePeriod("orders-service")).isGreaterThanOrEqualTo(ordersStop);
        SERVICES.forEach(name -> assertThat(stopGracePeriod(name))
                .as("stop_grace_period of %s", name)
                .isGreaterThan(DOCKER_DEFAULT_STOP_TIMEOUT));
    }

    /**
     * Every service reports to Jaeger's Zipkin-compatible collector, on the port Jaeger opens it on, with Spring
     * Boot's own settings; one variable switches tracing off; the services wait for Jaeger's health but do not need
     * it to start; its UI is published on localhost.
     */
    @Test
    void reportsEveryServicesSpansToJaeger() throws IOException {
        JsonNode jaeger = service("jaeger");
        assertThat(jaeger.path("image").asString()).matches("jaegertracing/all-in-one:1\\.\\d+\\.\\d+");
        assertThat(jaeger.has("profiles"))
                .as("jaeger is part of the default stack")
                .isFalse();
        String zipkinPort = environment("jaeger", "COLLECTOR_ZIPKIN_HOST_PORT").replaceFirst("^.*:", "");
        assertThat(environment("jaeger", "SPAN_STORAGE_TYPE")).isEqualTo("memory");
        assertThat(Integer.parseInt(environment("jaeger", "MEMORY_MAX_TRACES"))).isPositive();
        assertThat(publishedPorts(jaeger)).containsExactly(new Port("127.0.0.1", "16686"));
        assertThat(healthCheck("jaeger")).contains("http://localhost:14269/");

        for (String name : SERVICES) {
            assertThat(environment(name, "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT"))
                    .as("where %s sends its spans", name)
                    .isEqualTo("http://jaeger:" + zipkinPort + "/api/v2/spans");
            assertThat(environment(name, "MANAGEMENT_TRACING_EXPORT_ENABLED")).isEqualTo("${TRACING_ENABLED:-true}");
            assertThat(environment(name, "MANAGEMENT_TRACING_SAMPLING_PROBABILITY"))
                    .isEqualTo("${TRACING_SAMPLING:-1.0}");
            JsonNode dependency = service(name).path("depends_on").path("jaeger");
            assertThat(dependency.path("condition").asString())
                    .as("%s waits for Jaeger's health", name)
                    .isEqualTo("service_healthy");
            assertThat(dependency.path("required").asBoolean(true))
                    .as("%s starts without Jaeger", name)
                    .isFalse();
        }
        assertThat(DEPLOY.resolve(".env.example")).content().contains("TRACING_ENABLED=", "TRACING_SAMPLING=");
    }

    /**
     * A product without stock rejects its orders: the processor starts every product with stock, an amount {@code
     * .env} can change, and the logs the stock and the read model are rebuilt from keep their history forever.
     */
    @Test
    void startsTheProcessorWithStockAndKeepsEveryEventLogForever() {
        Matcher stock = PLACEHOLDER.matcher(environment("processor-service", "PROCESSOR_INVENTORY_INITIAL_STOCK"));
        assertThat(stock.matches())
                .as("PROCESSOR_INVENTORY_INITIAL_STOCK is a ${VARIABLE:-default}")
                .isTrue();
        assertThat(stock.group(1)).isEqualTo("PROCESSOR_INVENTORY_INITIAL_STOCK");
        assertThat(Long.parseLong(stock.group(2).replaceFirst("^-", "")))
                .as("units of every product by default")
                .isGreaterThanOrEqualTo(1_000_000);
        assertThat(DEPLOY.resolve(".env.example")).content().contains("PROCESSOR_INVENTORY_INITIAL_STOCK=");
        assertThat(environment("processor-service", "PROCESSOR_ADMIN_TOKEN"))
                .as("the stock admin's token comes from .env, never from the compose file")
                .startsWith("${PROCESSOR_ADMIN_TOKEN:?");
        assertThat(DEPLOY.resolve(".env.example")).content().contains("PROCESSOR_ADMIN_TOKEN=");

        String topics = String.join("\n", strings(service("kafka-init").path("command")));
        for (String log : List.of("orders.events", "inventory.events")) {
            assertThat(topics).containsPattern("--topic " + Pattern.quote(log) + " --config retention\\.ms=-1\\b");
        }
        assertThat(topics).contains("--topic inventory.commands\n", "--topic inventory.command-replies\n");
    }

    /** provectus kafka-ui is unmaintained; kafbat/kafka-ui continues it and reads the same variables. */
    @Test
    void usesTheMaintainedKafkaUi() {
        assertThat(service("kafka-ui").path("image").asString()).startsWith("kafbat/kafka-ui:v");
        assertThat(environment("kafka-ui", "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS")).isEqualTo("kafka:29092");
    }

    /**
     * The Dockerfile copies the whole repository into the build stage. A used {@code ./run-local} leaves gigabytes in
     * {@code .local-stack/}; {@code deploy/.env} holds the secrets; build output and {@code .git} change every time.
     */
    @Test
    void keepsSecretsBuildOutputAndLocalDataOutOfTheBuildContext() throws IOException {
        compose.get("services").properties().forEach(service -> {
            if (service.getValue().has("build")) {
                assertThat(DEPLOY.resolve(service.getValue()
                                        .path("build")
                                        .path("context")
                                        .asString())
                                .normalize())
                        .as("build context of %s", service.getKey())
                        .isEqualTo(REPOSITORY);
            }
        });
        assertThat(DEPLOY.resolve("Dockerfile.dockerignore"))
                .as("would replace the repository's .dockerignore")
                .doesNotExist();
        DockerIgnore ignore = DockerIgnore.of(Files.readAllLines(REPOSITORY.resolve(".dockerignore")));

        assertThat(Stream.of(
                        "deploy/.env",
                        ".git/HEAD",
                        "target/classes/A.class",
                        "orders-service/target/orders-service-0.1.0-SNAPSHOT-exec.jar",
                        ".local-stack/kafka/meta.properties",
                        "bench/results/20261122-155838.json",
                        ".idea/workspace.xml",
                        ".vscode/settings.json",
                        "query-service/query-service.iml"))
                .allSatisfy(path -> assertThat(ignore.excludes(path))
                        .as("%s excluded", path)
                        .isTrue());
        assertThat(Stream.of(
                        "pom.xml",
                        ".mvn/wrapper/maven-wrapper.properties",
                        "orders-service/pom.xml",
                        "orders-service/src/main/java/io/orderpipeline/orders/OrdersApplication.java",
                        "orders-service/src/main/resources/orders-service.yml",
                        "bench/pom.xml",
                        "deploy/pom.xml",
                        "deploy/.env.example"))
                .allSatisfy(path -> assertThat(ignore.excludes(path))
                        .as("%s excluded", path)
                        .isFalse());
    }

    /**
     * The local repository is a BuildKit cache mount, so the three service builds and every rebuild share downloads;
     * the build runs the image's own Maven, the version the wrapper pins, instead of the wrapper downloading it.
     */
    @Test
    void buildsWithTheImagesMavenAndACachedLocalRepository() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        Matcher mavenImage =
                Pattern.compile("(?m)^FROM maven:(\\d+\\.\\d+\\.\\d+)-").matcher(dockerfile);
        Matcher wrapperMaven = Pattern.compile("apache-maven-(\\d+\\.\\d+\\.\\d+)-bin\\.zip")
                .matcher(Files.readString(REPOSITORY.resolve(".mvn/wrapper/maven-wrapper.properties")));

        assertThat(mavenImage.find()).as("build stage on the maven image").isTrue();
        assertThat(wrapperMaven.find()).as("Maven version of the wrapper").isTrue();
        assertThat(mavenImage.group(1)).as("Maven of the build image").isEqualTo(wrapperMaven.group(1));
        assertThat(dockerfile)
                .containsPattern("RUN --mount=type=cache,target=/root/\\.m2\\b[^\\n]*\\\\\\n\\s+mvn ")
                .doesNotContain("mvnw");
    }

    /** The services' health checks run curl inside their own image: the runtime stage must install it. */
    @Test
    void checksServiceHealthWithAToolTheImageHas() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        String runtimeStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

        for (String name : SERVICES) {
            String tool = healthCheck(name).split(" ")[0];
            assertThat(runtimeStage)
                    .as("runtime stage installs %s for the health check of %s", tool, name)
                    .containsPattern("apt-get install [^\\n]*\\b" + Pattern.quote(tool) + "\\b");
        }
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

    private void assertDataOnNamedVolume(String name, String dataDirectory) {
        String image = service(name).path("image").asString();
        String imageMajor = image.replaceFirst("^([^:]+:\\d+).*", "$1");
        assertThat(IMAGE_DATA_VOLUMES)
                .as("data volumes of %s known from its Dockerfile", imageMajor)
                .containsKey(imageMajor);
        Set<String> imageVolumes = IMAGE_DATA_VOLUMES.get(imageMajor);
        Set<String> declared = new TreeSet<>();
        compose.path("volumes").properties().forEach(volume -> declared.add(volume.getKey()));
        Set<String> namedTargets = new TreeSet<>();
        for (JsonNode mount : service(name).path("volumes")) {
            String[] parts = mount.asString().split(":");
            assertThat(declared)
                    .as("%s mounts %s: a named volume declared under volumes:", name, parts[0])
                    .contains(parts[0]);
            namedTargets.add(parts[1]);
        }

        assertThat(imageVolumes)
                .as("%s keeps its data in a directory its image declares", name)
                .contains(dataDirectory);
        assertThat(namedTargets)
                .as("%s mounts a named volume on every data directory its image declares", name)
                .containsAll(imageVolumes);
    }

    private List<Port> publishedPorts(JsonNode service) {
        List<Port> ports = new ArrayList<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                ports.add(new Port(
                        port.path("host_ip").asString(""),
                        port.path("published").asString("")));
            } else {
                String[] parts = port.asString().replaceFirst("/(tcp|udp)$", "").split(":", -1);
                ports.add(
                        switch (parts.length) {
                            case 1 -> new Port("", "");
                            case 2 -> new Port("", parts[0]);
                            default -> new Port(parts[0], parts[1]);
                        });
            }
        }
        return ports;
    }

    private record Port(String hostIp, String hostPort) {}

    private String healthCheck(String name) {
        JsonNode test = service(name).path("healthcheck").path("test");
        assertThat(test.isArray()).as("health check of %s", name).isTrue();
        List<String> words = new ArrayList<>();
        test.forEach(word -> words.add(word.asString()));
        return String.join(" ", words.subList(1, words.size()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private String environment(String name, String variable) {
        JsonNode value = service(name).path("environment").path(variable);
        assertThat(value.isMissingNode()).as("%s sets %s", name, variable).isFalse();
        return value.asString();
    }

    private String argument(String name, String option) {
        List<String> command = new ArrayList<>();
        service(name).path("command").forEach(word -> command.add(word.asString()));
        int at = command.indexOf(option);
        assertThat(at).as("%s is started with %s", name, option).isNotNegative().isLessThan(command.size() - 1);
        return command.get(at + 1);
    }

    private Duration stopGracePeriod(String name) {
        String value = service(name).path("stop_grace_period").asString("");
        assertThat(value).as("stop_grace_period of %s", name).isNotEmpty();
        return composeDuration(value);
    }

    /** Compose durations: {@code 1m30s}, {@code 45s}, {@code 500ms}. */
    static Duration composeDuration(String value) {
        Matcher part = Pattern.compile("(\\d+)(h|ms|m|s)").matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        default -> Duration.ofMillis(amount);
                    });
            end = part.end();
        }
        assertThat(end).as("duration %s", value).isEqualTo(value.length()).isPositive();
        return total;
    }

    private static Duration springDuration(Object value) {
        assertThat(value).as("a duration").isNotNull();
        return composeDuration(value.toString());
    }

    /** The service reads {@code <prefix>.topics.partitions}: by name, or as {@code topics} of its properties record. */
    private static boolean readsTopicPartitions(String service, String prefix) throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve(service).resolve("src/main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sources.append(Files.readString(file));
            }
        }
        String text = sources.toString();
        return text.contains("${" + prefix + ".topics.partitions")
                || (text.contains("@ConfigurationProperties(\"" + prefix + "\")")
                        && text.contains("Topics topics")
                        && text.contains("int partitions"));
    }

    /** Variables the service sizes its listener with: {@code concurrency: ${ORDERS_LISTENER_CONCURRENCY:3}}. */
    private static Set<String> listenerConcurrencyVariables(String service) throws IOException {
        Matcher matcher = Pattern.compile("\\bconcurrency:\\s*\\$\\{([A-Z][A-Z0-9_]*)")
                .matcher(Files.readString(serviceConfig(service)));
        Set<String> variables = new TreeSet<>();
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    private Set<String> requiredSettings(String service) throws IOException {
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(serviceConfig(service)));
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

    private static Path serviceConfig(String service) {
        return REPOSITORY.resolve(service).resolve("src/main/resources").resolve(service + ".yml");
    }

    private JsonNode service(String name) {
        JsonNode service = compose.get("services").get(name);
        assertThat(service).as("service %s", name).isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> yaml, String... keys) {
        Object node = yaml;
        for (String key : keys) {
            node = node instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(key) : null;
        }
        return node;
    }

    private static Map<String, Object> loadMap(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SnakeYAML resolves the anchors and merge keys ({@code <<:}) compose files use; Jackson gives the tree. */
    private static JsonNode load(Path file) {
        return JsonMapper.builder().build().valueToTree(loadMap(file));
    }

    /**
     * Docker's .dockerignore rules: {@code *} and {@code ?} within one path segment, {@code **} across any number of
     * them, a path is excluded when it or one of its parent directories matches, and the last matching line wins
     * ({@code !} re-includes).
     */
    record DockerIgnore(List<Pattern> patterns, List<Boolean> excluding) {

        static DockerIgnore of(List<String> lines) {
            List<Pattern> patterns = new ArrayList<>();
            List<Boolean> excluding = new ArrayList<>();
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean exception = line.startsWith("!");
                String pattern = (exception ? line.substring(1) : line).replaceAll("^/+|/+$", "");
                patterns.add(Pattern.compile(regex(pattern)));
                excluding.add(!exception);
            }
            return new DockerIgnore(patterns, excluding);
        }

        boolean excludes(String path) {
            boolean excluded = false;
            for (int i = 0; i < patterns.size(); i++) {
                if (matchesOrParentMatches(patterns.get(i), path)) {
                    excluded = excluding.get(i);
                }
            }
            return excluded;
        }

        private static boolean matchesOrParentMatches(Pattern pattern, String path) {
            String[] segments = path.split("/");
            for (int i = 1; i <= segments.length; i++) {
                if (pattern.matcher(String.join("/", List.of(segments).subList(0, i)))
                        .matches()) {
                    return true;
                }
            }
            return false;
        }

        private static String regex(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (pattern.startsWith("**/", i)) {
                    regex.append("(.*/)?");
                    i += 2;
                } else if (pattern.startsWith("**", i)) {
                    regex.append(".*");
                    i += 1;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return regex.toString();
        }
    }
}
