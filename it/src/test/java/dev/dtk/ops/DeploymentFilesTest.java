package dev.dtk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.cli.Dtk;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.json.DtkJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml}, the Kubernetes manifests and the Grafana dashboard parse, and refer only to
 * what exists: the image Jib builds, {@code dtk} commands, ports the services listen on, health paths they
 * serve, and {@code DTK_*} variables the code reads. No Docker engine or cluster needed.
 */
class DeploymentFilesTest {

    /** The port each role listens on by default, as the code sets it. */
    private static final Map<String, Integer> PORTS = Map.of("engine", 7080, "worker", 7090, "gateway", 7071);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)");
    private static final Pattern HEALTH_CHECK = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+).*GET (/health/\\w+) ");

    private static Map<String, Object> compose;
    private static List<Map<String, Object>> manifests;
    private static String sources;
    private static Set<String> commands;

    @BeforeAll
    static void read() {
        compose = DeploymentFiles.compose();
        manifests = DeploymentFiles.manifests();
        sources = DeploymentFiles.mainSources();
        commands = Dtk.commandLine().getSubcommands().keySet();
    }

    @Test
    void shouldKnowTheDefaultPortsFromTheCode() {
        assertThat(sources).contains("${env:DTK_ENGINE_QUERY_PORT:-7080}", "DEFAULT_OPS_PORT = 7090;",
                "private int port = 7071;");
        assertThat(DeploymentFiles.read(DeploymentFiles.ROOT.resolve("cli/pom.xml")))
                .contains("<dtk.image>dtk:${project.version}</dtk.image>");
    }

    @Test
    void shouldRunEveryComposeServiceFromTheImageWithADtkCommand() {
        Map<String, Map<String, Object>> services = map(compose.get("services"));
        assertThat(services).containsKeys("kafka-1", "kafka-2", "kafka-3", "topics", "engine-1", "engine-2",
                "worker-default", "worker-sms", "gateway");
        String kafkaVersion = DeploymentFiles.read(DeploymentFiles.ROOT.resolve("pom.xml"))
                .replaceAll("(?s).*<kafka.version>([^<]+)</kafka.version>.*", "$1");
        services.forEach((name, service) -> {
            if (name.startsWith("kafka-")) {
                assertThat(service.get("image")).isEqualTo("apache/kafka:" + kafkaVersion);
                return;
            }
            assertThat(service.get("image")).as(name).isEqualTo("${DTK_IMAGE:-" + DeploymentFiles.IMAGE + "}");
            List<String> command = strings(service.get("command"));
            assertThat(commands).as(name + " runs a dtk command").contains(command.getFirst());
        });
        assertThat(strings(services.get("engine-1").get("command"))).containsExactly("engine");
        assertThat(strings(services.get("gateway").get("command"))).containsExactly("gateway");
        assertThat(strings(services.get("topics").get("command"))).containsExactly("topics", "create");
    }

    @Test
    void shouldGiveEachComposeEngineAStateVolumeAStandbyAndAHealthCheckOnItsPort() {
        Map<String, Map<String, Object>> services = map(compose.get("services"));
        Set<String> volumes = map(compose.get("volumes")).keySet();
        Set<String> engineHosts = new LinkedHashSet<>();
        for (String engine : List.of("engine-1", "engine-2")) {
            Map<String, Object> service = services.get(engine);
            String volume = strings(service.get("volumes")).getFirst();
            assertThat(volume).isEqualTo(engine + "-state:/var/lib/dtk");
            assertThat(volumes).contains(engine + "-state");
            Map<String, Object> env = map(service.get("environment"));
            assertThat(env).containsEntry("DTK_ENGINE_ADVERTISED_HOST", engine).containsEntry("DTK_ENGINE_QUERY_PORT",
                    PORTS.get("engine")).containsEntry("DTK_ENGINE_QUERY_HOST", "0.0.0.0")
                    .containsEntry("DTK_KAFKA_NUM_STANDBY_REPLICAS", 1);
            engineHosts.add("http://" + engine + ":" + PORTS.get("engine"));
        }
        assertThat(map(services.get("gateway").get("environment")).get("DTK_ENGINE_URLS"))
                .isEqualTo(String.join(",", engineHosts));
        assertThat(strings(services.get("gateway").get("ports"))).containsExactly("7071:" + PORTS.get("gateway"));
        services.forEach((name, service) -> {
            if (name.startsWith("kafka-") || name.equals("topics")) {
                return;
            }
            String role = strings(service.get("command")).getFirst();
            Matcher check = HEALTH_CHECK.matcher(strings(map(service.get("healthcheck")).get("test")).get(1));
            assertThat(check.find()).as(name + " has a health check").isTrue();
            assertThat(Integer.parseInt(check.group(1))).as(name + " checks its own port").isEqualTo(PORTS.get(role));
            assertThat(check.group(2)).isEqualTo("/health/ready");
        });
    }

    @Test
    void shouldUseOnlyVariablesTheCodeReads() {
        Set<String> names = new TreeSet<>();
        collectVariables(compose, names);
        manifests.forEach(m -> collectVariables(m, names));
        names.removeIf(n -> !n.startsWith("DTK_") && !n.startsWith("TWILIO_"));
        assertThat(names).contains("DTK_BOOTSTRAP_SERVERS", "DTK_ENGINE_QUERY_SECRET", "DTK_GATEWAY_KEYS",
                "DTK_KAFKA_NUM_STANDBY_REPLICAS", "DTK_WORKER_OPS_PORT");
        for (String name : names) {
            if (name.equals("DTK_IMAGE")) {
                continue; // the compose file's own choice of image
            }
            if (name.startsWith("DTK_KAFKA_") && !name.equals("DTK_KAFKA_CONFIG")) {
                String setting = name.substring("DTK_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                assertThat(sources).contains("DTK_KAFKA_<NAME>");
                assertThat(KafkaSettings.MANAGED).as(name + " is passed through to Kafka").doesNotContainKey(setting);
                continue;
            }
            assertThat(sources).as(name + " is read by the code").containsPattern("\"" + name + "\"|env:" + name + "[:}]");
        }
    }

    @Test
    void shouldDeployEnginesAsAStatefulSetWithStateStandbysAndProbes() {
        Map<String, Object> engines = manifest("StatefulSet", "dtk-engine");
        Map<String, Object> spec = map(engines.get("spec"));
        Map<String, Object> container = containers(engines).getFirst();
        assertThat(strings(container.get("args"))).containsExactly("engine");
        assertThat(map(list(spec.get("volumeClaimTemplates")).getFirst()).get("metadata"))
                .isEqualTo(Map.of("name", "state"));
        assertThat(list(container.get("volumeMounts"))).contains(Map.of("name", "state", "mountPath", "/var/lib/dtk"));
        Map<String, String> env = env(container);
        assertThat(env).containsEntry("DTK_KAFKA_NUM_STANDBY_REPLICAS", "1")
                .containsEntry("DTK_ENGINE_ADVERTISED_HOST", "$(POD_NAME)." + spec.get("serviceName"))
                .containsEntry("DTK_STATE_DIR", "/var/lib/dtk/engine-state");
        Map<String, Object> headless = manifest("Service", (String) spec.get("serviceName"));
        assertThat(map(headless.get("spec")).get("clusterIP")).isEqualTo("None");
        int replicas = (Integer) spec.get("replicas");
        List<String> engineUrls = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            engineUrls.add("http://dtk-engine-" + i + "." + spec.get("serviceName") + ":" + PORTS.get("engine"));
        }
        assertThat(env(containers(manifest("Deployment", "dtk-gateway")).getFirst()).get("DTK_ENGINE_URLS"))
                .isEqualTo(String.join(",", engineUrls));
    }

    @Test
    void shouldRunEveryContainerFromTheImageWithProbesOnItsOwnHealthPort() {
        assertThat(manifests).extracting(m -> m.get("kind")).contains("ConfigMap", "Job", "StatefulSet",
                "Deployment", "Service");
        int workloads = 0;
        for (Map<String, Object> workload : manifests) {
            if (!List.of("StatefulSet", "Deployment", "Job").contains(workload.get("kind"))) {
                continue;
            }
            workloads++;
            for (Map<String, Object> container : containers(workload)) {
                String what = workload.get("kind") + " " + map(workload.get("metadata")).get("name");
                assertThat(container.get("image")).as(what).isEqualTo(DeploymentFiles.IMAGE);
                String role = strings(container.get("args")).getFirst();
                assertThat(commands).as(what + " runs a dtk command").contains(role);
                Map<String, Integer> ports = new HashMap<>();
                for (Object port : list(container.getOrDefault("ports", List.of()))) {
                    ports.put((String) map(port).get("name"), (Integer) map(port).get("containerPort"));
                }
                if (PORTS.containsKey(role)) {
                    assertThat(ports.values()).as(what).containsExactly(PORTS.get(role));
                    for (String probe : List.of("livenessProbe", "readinessProbe")) {
                        Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
                        assertThat(get.get("path")).as(what + " " + probe).isIn("/health/live", "/health/ready");
                        assertThat(ports.get((String) get.get("port"))).as(what + " " + probe + " port")
                                .isEqualTo(PORTS.get(role));
                    }
                    assertThat(map(map(map(map(workload.get("spec")).get("template")).get("metadata"))
                            .get("annotations")).get("prometheus.io/port")).isEqualTo(PORTS.get(role).toString());
                }
                Map<String, String> env = env(container);
                env.values().forEach(value -> {
                    Matcher reference = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(value);
                    while (reference.find()) {
                        assertThat(env).as(what + " defines " + reference.group(1)).containsKey(reference.group(1));
                    }
                });
            }
        }
        assertThat(workloads).isEqualTo(4);
    }

    @Test
    void shouldShipAGrafanaDashboardOfDtksMetrics() {
        JsonNode dashboard = DtkJson.read(DeploymentFiles.read(DeploymentFiles.ROOT.resolve(
                "deploy/grafana/dtk-dashboard.json")).getBytes(StandardCharsets.UTF_8), JsonNode.class);
        assertThat(dashboard.get("title").asText()).isEqualTo("dtk");
        assertThat(MetricsAndHealthTest.dashboardMetrics()).contains("dtk_engine_step_duration_seconds_bucket",
                "dtk_worker_activity_duration_seconds_bucket", "dtk_gateway_requests_seconds_count",
                "dtk_dead_letters_total", "dtk_engine_timers_pending");
    }

    // ---- reading YAML trees ----

    private static Map<String, Object> manifest(String kind, String name) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))
                && name.equals(map(m.get("metadata")).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        Map<String, Object> template = map(map(workload.get("spec")).get("template"));
        return list(map(template.get("spec")).get("containers")).stream().map(DeploymentFilesTest::map).toList();
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container.getOrDefault("env", List.of()))) {
            Object value = map(entry).get("value");
            env.put((String) map(entry).get("name"), value == null ? "" : value.toString());
        }
        return env;
    }

    private static void collectVariables(Object node, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (key instanceof String k && k.matches("[A-Z][A-Z0-9_]+")) {
                    names.add(k);
                }
                if ("name".equals(key) && value instanceof String v && v.matches("[A-Z][A-Z0-9_]+")) {
                    names.add(v);
                }
                collectVariables(value, names);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectVariables(item, names));
        } else if (node instanceof String text) {
            Matcher variable = VARIABLE.matcher(text);
            while (variable.find()) {
                names.add(variable.group(1));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object node) {
        return (Map<String, V>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return (List<Object>) node;
    }

    private static List<String> strings(Object node) {
        return list(node).stream().map(Object::toString).toList();
    }
}
