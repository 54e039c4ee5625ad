package io.logpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.smallrye.config.WithDefault;

/**
 * Renders every kustomization under {@code deploy/} with the real kustomize and checks what comes out: strict
 * typed parsing of every document, references between documents, and the contracts between the manifests
 * and the services (the sidecar injection, the Redis list key the indexer reads and KEDA measures, graceful
 * shutdown timings, image names).
 */
class KustomizationsTest {

    private static final Path DEPLOY = Path.of("").toAbsolutePath();
    private static final Path ROOT = DEPLOY.getParent();
    private static Kustomize kustomize;
    private static final Map<String, Rendered> RENDERED = new TreeMap<>();
    private static final Map<String, List<String>> PARSE_PROBLEMS = new TreeMap<>();

    @BeforeAll
    static void renderAll() throws Exception {
        assertTrue(Files.isDirectory(DEPLOY.resolve("base")), "tests must run in deploy/, not " + DEPLOY);
        Optional<Kustomize> found = Kustomize.find();
        if (found.isEmpty()) {
            System.err.println("""

                    ************************************************************************************
                    * SKIPPED: the kustomize manifests in deploy/ were NOT checked: neither kubectl nor *
                    * kustomize is on PATH. Install kubectl (it embeds kustomize) to run these tests.   *
                    ************************************************************************************
                    """);
        }
        Assumptions.assumeTrue(found.isPresent(), "neither kubectl nor kustomize on PATH: deploy/ not checked");
        kustomize = found.get();
        for (Path dir : kustomizations(false)) {
            String name = DEPLOY.relativize(dir).toString();
            List<String> problems = new ArrayList<>();
            List<Manifest> manifests = StrictModels.parse(kustomize.render(dir), problems);
            RENDERED.put(name, new Rendered(name, manifests));
            PARSE_PROBLEMS.put(name, problems);
        }
    }

    /** Directories with a kustomization.yaml: the renderable ones, or (components=true) the Components. */
    static List<Path> kustomizations(boolean components) throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.startsWith(DEPLOY.resolve("src")) && !p.startsWith(DEPLOY.resolve("target"))
                            && !p.startsWith(DEPLOY.resolve("local")))
                    .filter(p -> isComponent(p) == components)
                    .map(Path::getParent).sorted().collect(Collectors.toList());
        }
    }

    private static boolean isComponent(Path kustomization) {
        try {
            return StrictModels.YAML.readTree(kustomization.toFile()).path("kind").asText().equals("Component");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Rendered rendered(String name) {
        Rendered r = RENDERED.get(name);
        assertNotNull(r, "kustomization " + name + " was not rendered; have " + RENDERED.keySet());
        return r;
    }

    @Test
    void everyKustomizationAndComponentIsRendered() throws IOException {
        assertTrue(RENDERED.keySet().containsAll(List.of("base", "examples/web", "overlays/dev", "overlays/dev-eck",
                "overlays/prod", "overlays/redis-cluster")), "rendered: " + RENDERED.keySet());
        // A component only gets checked through a kustomization that uses it.
        for (Path component : kustomizations(true)) {
            String name = DEPLOY.relativize(component).toString();
            boolean used = false;
            for (Path dir : kustomizations(false)) {
                JsonNode k = StrictModels.YAML.readTree(dir.resolve("kustomization.yaml").toFile());
                for (JsonNode c : k.path("components")) {
                    used |= dir.resolve(c.asText()).normalize().equals(component.normalize());
                }
            }
            assertTrue(used, "component " + name + " is used by no kustomization, so nothing checks it");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentParsesStrictlyIntoItsModel() {
        return RENDERED.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            assertFalse(RENDERED.get(name).manifests.isEmpty(), name + " rendered nothing");
            List<String> problems = PARSE_PROBLEMS.get(name);
            assertTrue(problems.isEmpty(), name + ":\n  " + String.join("\n  ", problems));
        }));
    }

    @TestFactory
    Stream<DynamicTest> referencesBetweenDocumentsHoldAndLogpipeContainersAreHardened() {
        return RENDERED.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<String> problems = RENDERED.get(name).problems();
            assertTrue(problems.isEmpty(), name + ":\n  " + String.join("\n  ", problems));
        }));
    }

    @TestFactory
    Stream<DynamicTest> webExampleRunsTheShipperAsANativeSidecarOnTheSharedLogVolume() {
        return Stream.of("examples/web", "overlays/dev", "overlays/dev-eck").map(name -> DynamicTest.dynamicTest(name, () -> {
            Rendered r = rendered(name);
            PodSpec pod = r.deployment("web").getSpec().getTemplate().getSpec();
            Container shipper = pod.getInitContainers().stream().filter(c -> c.getName().equals("logpipe-shipper"))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": web has no logpipe-shipper init container"));
            assertEquals("Always", shipper.getRestartPolicy(), "native sidecar = init container with restartPolicy Always");
            Volume logs = pod.getVolumes().stream().filter(v -> v.getName().equals("logs")).findFirst().orElseThrow();
            assertNotNull(logs.getEmptyDir(), "the example's log volume is an emptyDir");
            VolumeMount shipperLogs = mount(shipper, "logs");
            assertTrue(shipperLogs.getReadOnly(), "the shipper mounts the app's logs read-only");
            Container nginx = pod.getContainers().stream().filter(c -> c.getName().equals("nginx")).findFirst().orElseThrow();
            VolumeMount nginxLogs = mount(nginx, "logs");
            assertFalse(Boolean.TRUE.equals(nginxLogs.getReadOnly()), "nginx writes the logs");

            // The offsets survive a restart of the shipper container: their own emptyDir, at the configured path.
            VolumeMount registry = mount(shipper, "logpipe-registry");
            Properties cfg = shipperConfig(r, pod);
            assertTrue(cfg.getProperty("shipper.registry.path").startsWith(registry.getMountPath() + "/"),
                    "registry path " + cfg.getProperty("shipper.registry.path") + " is on the registry volume");
            assertTrue(cfg.getProperty("shipper.inputs.app.paths").contains(shipperLogs.getMountPath() + "/"),
                    "the input's default glob is under the log mount");
            // An absent annotation is an empty variable, not a missing one: a required property fed from one
            // would stop the shipper in every pod without it (found by deploy/local/run.sh).
            assertFalse(cfg.getProperty("shipper.inputs.app.paths").contains("${"),
                    "the required paths must not come from the environment");
            assertEquals("metadata.annotations['logpipe.io/type']", Rendered.env(shipper, "LOGPIPE_TYPE").orElseThrow()
                    .getValueFrom().getFieldRef().getFieldPath());
            kubernetesMetadataComesFromTheDownwardApi(name, pod, shipper, cfg,
                    r.deployment("web").getSpec().getTemplate().getMetadata().getAnnotations());
            // Injection follows the label: the traffic client, unlabelled, gets no sidecar.
            assertTrue(r.deployment("web-traffic").getSpec().getTemplate().getSpec().getInitContainers().isEmpty());
            // The sidecar's own port is not the app's, and its probes use it.
            String port = Rendered.env(shipper, "QUARKUS_HTTP_PORT").map(EnvVar::getValue).orElseThrow();
            assertTrue(nginx.getPorts().stream().noneMatch(p -> String.valueOf(p.getContainerPort()).equals(port)));
            assertEquals(port, String.valueOf(shipper.getPorts().get(0).getContainerPort()));
            assertEquals(shipper.getPorts().get(0).getName(), shipper.getLivenessProbe().getHttpGet().getPort().getStrVal());
        }));
    }

    /**
     * The sidecar turns on {@code shipper.kubernetes.enabled} and gives the shipper what it then needs (it refuses
     * to start without): the four Downward API variables, and the labels and annotations files where the shipper
     * reads them ({@code labels-path} and {@code annotations-path}, from its configuration file or their defaults).
     */
    private static void kubernetesMetadataComesFromTheDownwardApi(String name, PodSpec pod, Container shipper,
            Properties cfg, Map<String, String> podAnnotations) {
        assertEquals("true", Rendered.env(shipper, "SHIPPER_KUBERNETES_ENABLED").map(EnvVar::getValue).orElse(null),
                name + ": the sidecar enables the Kubernetes metadata");
        Map<String, String> fieldRefs = Map.of("POD_NAME", "metadata.name", "POD_NAMESPACE", "metadata.namespace",
                "POD_UID", "metadata.uid", "NODE_NAME", "spec.nodeName",
                "SHIPPER_KUBERNETES_CONTAINER_NAME", "metadata.annotations['logpipe.io/container']");
        fieldRefs.forEach((variable, field) -> {
            EnvVar env = Rendered.env(shipper, variable).orElseThrow(() -> new AssertionError(name + ": no " + variable));
            assertEquals(field, env.getValueFrom().getFieldRef().getFieldPath(), name + ": " + variable);
        });
        String kubernetes = "io.logpipe.shipper.config.ShipperConfig$Kubernetes";
        Map<String, String> files = Map.of(
                cfg.getProperty("shipper.kubernetes.labels-path", mappingDefault(kubernetes, "labelsPath")), "metadata.labels",
                cfg.getProperty("shipper.kubernetes.annotations-path", mappingDefault(kubernetes, "annotationsPath")),
                "metadata.annotations");
        files.forEach((file, field) -> {
            boolean found = false;
            for (VolumeMount m : shipper.getVolumeMounts()) {
                Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst().orElseThrow();
                if (v.getDownwardAPI() == null) {
                    continue;
                }
                for (var item : v.getDownwardAPI().getItems()) {
                    if ((m.getMountPath() + "/" + item.getPath()).equals(file)) {
                        assertEquals(field, item.getFieldRef().getFieldPath(), name + ": " + file);
                        found = true;
                    }
                }
            }
            assertTrue(found, name + ": the shipper reads " + file + " but no downwardAPI volume puts " + field + " there");
        });
        // Namespace and node are kubernetes.namespace and kubernetes.node.name now, not hand-made fields.
        assertTrue(cfg.stringPropertyNames().stream().noneMatch(k -> k.startsWith("shipper.inputs.app.fields.")),
                name + ": " + cfg.stringPropertyNames());
        // The example says which of its containers the files are from (container.name).
        String container = podAnnotations.get("logpipe.io/container");
        assertTrue(pod.getContainers().stream().anyMatch(c -> c.getName().equals(container)),
                name + ": logpipe.io/container " + container + " is none of the pod's containers");
    }

    private static VolumeMount mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
    }

    /** The shipper's configuration file as the sidecar sees it (the ConfigMap mounted as config/). */
    private static Properties shipperConfig(Rendered r, PodSpec pod) throws IOException {
        Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals("logpipe-shipper-config")).findFirst().orElseThrow();
        String text = r.configMapData(v.getConfigMap().getName(), "application.properties")
                .orElseThrow(() -> new AssertionError("no application.properties in " + v.getConfigMap().getName()));
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @TestFactory
    Stream<DynamicTest> scaledObjectMeasuresTheListTheIndexerReadsAndTheShippersFill() {
        return Stream.of("base", "overlays/dev-eck", "overlays/prod").map(name -> DynamicTest.dynamicTest(name, () -> {
            Rendered r = rendered(name);
            Manifest so = r.find("ScaledObject", "logpipe-indexer").orElseThrow();
            JsonNode ref = so.raw().path("spec").path("scaleTargetRef");
            assertEquals("Deployment", ref.path("kind").asText());
            Deployment indexer = r.deployment(ref.path("name").asText());
            Container c = Rendered.container(indexer.getSpec().getTemplate().getSpec(), "logpipe-indexer").orElseThrow();

            JsonNode trigger = so.raw().path("spec").path("triggers").get(0);
            assertEquals("redis", trigger.path("type").asText());
            String listName = trigger.path("metadata").path("listName").asText();
            assertEquals(indexerKey(c), listName, "KEDA must measure the list the indexer claims from");
            assertEquals(shipperKeyInComponent(), listName, "and the one the sidecar shippers push to");

            // The address reaches the rendered Redis Service from KEDA's namespace, with the indexer's password.
            String address = trigger.path("metadata").path("address").asText();
            Manifest redis = r.find("Service", "logpipe-redis").orElseThrow();
            int port = redis.as(Service.class).getSpec().getPorts().get(0).getPort();
            assertEquals("logpipe-redis." + redis.namespace() + ".svc.cluster.local:" + port, address);
            Manifest auth = r.find("TriggerAuthentication", trigger.path("authenticationRef").path("name").asText()).orElseThrow();
            JsonNode secretRef = auth.raw().path("spec").path("secretTargetRef").get(0);
            assertEquals("password", secretRef.path("parameter").asText());
            var indexerPassword = Rendered.env(c, "QUARKUS_REDIS_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef();
            assertEquals(indexerPassword.getName(), secretRef.path("name").asText());
            assertEquals(indexerPassword.getKey(), secretRef.path("key").asText());
        }));
    }

    @Test
    void redisClusterOverlayScalesOnTheSumOfEveryShardOfTheQueue() throws IOException {
        Rendered r = rendered("overlays/redis-cluster");
        assertTrue(r.find("StatefulSet", "logpipe-redis").isEmpty(), "the single Redis is not rendered beside the cluster");
        Container indexer = Rendered.container(r.deployment("logpipe-indexer").getSpec().getTemplate().getSpec(),
                "logpipe-indexer").orElseThrow();
        Container shipper = r.deployment("web").getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(c -> c.getName().equals("logpipe-shipper")).findFirst().orElseThrow();
        String hosts = envValue(indexer, "QUARKUS_REDIS_HOSTS");
        for (Container c : List.of(indexer, shipper)) {
            assertEquals("cluster", envValue(c, "QUARKUS_REDIS_CLIENT_TYPE"), c.getName());
            assertEquals(hosts, envValue(c, "QUARKUS_REDIS_HOSTS"), c.getName() + " seeds the same cluster");
        }
        int shards = Integer.parseInt(envValue(indexer, "INDEXER_REDIS_SHARDS"));
        assertEquals(shards, Integer.parseInt(envValue(shipper, "SHIPPER_REDIS_SHARDS")), "shippers fill the shards the indexer drains");
        assertTrue(shards > 1, "a sharded example");

        JsonNode spec = r.find("ScaledObject", "logpipe-indexer").orElseThrow().raw().path("spec");
        List<String> names = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        JsonNode modifiers = spec.path("advanced").path("scalingModifiers");
        int target = Integer.parseInt(modifiers.path("target").asText());
        String seeds = Stream.of(hosts.split(",")).map(h -> h.replaceFirst("^redis://", "")).collect(Collectors.joining(","));
        for (JsonNode trigger : spec.path("triggers")) {
            assertEquals("redis-cluster", trigger.path("type").asText());
            names.add(trigger.path("name").asText());
            lists.add(trigger.path("metadata").path("listName").asText());
            assertEquals(seeds, trigger.path("metadata").path("addresses").asText(), "KEDA reads the services' cluster");
            assertEquals((target + shards - 1) / shards, trigger.path("metadata").path("listLength").asInt(),
                    "each trigger's own target is its share of the total (what HPA follows without the composite)");
            assertEquals("logpipe-redis", trigger.path("authenticationRef").path("name").asText());
        }
        assertEquals(io.logpipe.common.queue.ShardNames.of(indexerKey(indexer), shards), lists,
                "one trigger per shard, named as the services name the shards");
        assertEquals(indexerKey(indexer), shipperKey(shipper));
        assertEquals(String.join(" + ", names), modifiers.path("formula").asText(), "the composite sums every shard");
        assertEquals("AverageValue", modifiers.path("metricType").asText(), "a backlog per replica");
        JsonNode base = rendered("base").find("ScaledObject", "logpipe-indexer").orElseThrow().raw();
        assertEquals(base.at("/spec/triggers/0/metadata/listLength").asInt(), target, "the base's backlog per replica");
    }

    private static String envValue(Container c, String name) {
        return Rendered.env(c, name).map(EnvVar::getValue)
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
    }

    private static String shipperKey(Container shipper) throws IOException {
        return Rendered.env(shipper, "SHIPPER_REDIS_KEY").map(EnvVar::getValue).orElse(shipperKeyInComponent());
    }

    /**
     * The key the indexer reads: its INDEXER_REDIS_KEY in the Deployment, else {@code indexer.redis.key} in its
     * application.properties, else the default of its config mapping.
     */
    private static String indexerKey(Container indexer) throws IOException {
        String fallback = serviceProperties("indexer").getProperty("indexer.redis.key",
                mappingDefault("io.logpipe.indexer.config.IndexerConfig$Redis", "key"));
        return Rendered.env(indexer, "INDEXER_REDIS_KEY").map(EnvVar::getValue).orElse(fallback);
    }

    /** The key the sidecar pushes to: its configuration file, else the shipper's properties, else its mapping's default. */
    private static String shipperKeyInComponent() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(DEPLOY.resolve("components/shipper-sidecar/shipper.properties"))) {
            p.load(in);
        }
        return p.getProperty("shipper.redis.key", serviceProperties("shipper").getProperty("shipper.redis.key",
                mappingDefault("io.logpipe.shipper.config.ShipperConfig$Redis", "key")));
    }

    /** The {@code @WithDefault} of a config mapping method, read from the service's own class. */
    static String mappingDefault(String type, String method) {
        try {
            WithDefault d = Class.forName(type).getMethod(method).getAnnotation(WithDefault.class);
            assertNotNull(d, type + "." + method + "() has no @WithDefault");
            return d.value();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the services' config mapping changed: " + e, e);
        }
    }

    @Test
    void shipperAndIndexerAgreeOnTheDefaultListKey() {
        assertEquals(mappingDefault("io.logpipe.shipper.config.ShipperConfig$Redis", "key"),
                mappingDefault("io.logpipe.indexer.config.IndexerConfig$Redis", "key"));
    }

    private static Properties serviceProperties(String module) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve(module + "/src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void hpaComponentReplacesKedaSoOnlyOneAutoscalerActs() {
        Rendered dev = rendered("overlays/dev");
        assertTrue(dev.find("HorizontalPodAutoscaler", "logpipe-indexer").isPresent());
        assertTrue(dev.find("ScaledObject", "logpipe-indexer").isEmpty());
        assertTrue(dev.find("TriggerAuthentication", "logpipe-redis").isEmpty());
        // overlays/dev needs no operator: every kind in it is a core kind.
        dev.manifests.forEach(m -> assertNotNull(m.typed(), "overlays/dev needs an operator for " + m.id()));
        assertTrue(rendered("base").find("HorizontalPodAutoscaler", "logpipe-indexer").isEmpty());
    }

    @TestFactory
    Stream<DynamicTest> indexerStopsWithinItsGracePeriodAfterFinishingOneBulk() {
        return RENDERED.keySet().stream().filter(n -> rendered(n).find("Deployment", "logpipe-indexer").isPresent())
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    Deployment d = rendered(name).deployment("logpipe-indexer");
                    PodSpec pod = d.getSpec().getTemplate().getSpec();
                    Container c = Rendered.container(pod, "logpipe-indexer").orElseThrow();
                    Duration shutdown = duration(Rendered.env(c, "QUARKUS_SHUTDOWN_TIMEOUT").orElseThrow().getValue());
                    assertEquals(duration(serviceProperties("indexer").getProperty("quarkus.shutdown.timeout")), shutdown,
                            "the Deployment and application.properties agree on the shutdown timeout");
                    // One bulk request is bounded by the Elasticsearch client's socket timeout (Quarkus default 30s).
                    Duration bulk = duration(serviceProperties("indexer").getProperty("quarkus.elasticsearch.socket-timeout", "30s"));
                    assertTrue(shutdown.compareTo(bulk) > 0, "shutdown timeout " + shutdown + " > one bulk " + bulk);
                    assertTrue(pod.getTerminationGracePeriodSeconds() > shutdown.toSeconds(),
                            "grace period " + pod.getTerminationGracePeriodSeconds() + "s > shutdown timeout " + shutdown);
                    assertEquals("metadata.name", Rendered.env(c, "INDEXER_CONSUMER_ID").orElseThrow()
                            .getValueFrom().getFieldRef().getFieldPath(), "one consumer id per pod");
                    assertEquals("logpipe-indexer", pod.getServiceAccountName());
                    assertTrue(rendered(name).find("PodDisruptionBudget", "logpipe-indexer").isPresent());
                }));
    }

    private static Duration duration(String s) {
        assertNotNull(s, "duration not configured");
        return Duration.parse("PT" + s.toUpperCase());
    }

    @Test
    void redisKeepsAnAppendOnlyFileOnItsVolumeAndTakesItsPasswordFromTheSecret() throws IOException {
        Rendered base = rendered("base");
        StatefulSet redis = base.find("StatefulSet", "logpipe-redis").orElseThrow().as(StatefulSet.class);
        PodSpec pod = redis.getSpec().getTemplate().getSpec();
        Container c = Rendered.container(pod, "redis").orElseThrow();
        Volume config = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow();
        Properties conf = new Properties(); // "key value" lines parse as properties too
        conf.load(new StringReader(base.configMapData(config.getConfigMap().getName(), "redis.conf").orElseThrow()));
        assertEquals("yes", conf.getProperty("appendonly"));
        assertEquals("noeviction", conf.getProperty("maxmemory-policy"), "a queue must never evict");
        assertEquals(conf.getProperty("dir"), mount(c, "data").getMountPath(), "the AOF is written to the persistent volume");
        assertEquals("data", redis.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());
        assertTrue(String.join(" ", c.getArgs()).contains("--requirepass $(REDIS_PASSWORD)"));
        assertEquals("logpipe-redis", Rendered.env(c, "REDIS_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void devRunsOneOfEverythingAndProdSpreadsReplicas() {
        for (String dev : List.of("overlays/dev", "overlays/dev-eck")) {
            Rendered r = rendered(dev);
            r.ofKind("Deployment").forEach(m -> assertEquals(1, m.as(Deployment.class).getSpec().getReplicas(), m.id()));
            r.ofKind("StatefulSet").forEach(m -> assertEquals(1, m.as(StatefulSet.class).getSpec().getReplicas(), m.id()));
            r.ofKind("Elasticsearch").forEach(m -> assertEquals(1, m.raw().at("/spec/nodeSets/0/count").asInt()));
        }
        Rendered prod = rendered("overlays/prod");
        Deployment indexer = prod.deployment("logpipe-indexer");
        assertTrue(indexer.getSpec().getReplicas() >= 2);
        assertNotNull(indexer.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity());
        assertTrue(prod.find("ScaledObject", "logpipe-indexer").orElseThrow().raw().at("/spec/minReplicaCount").asInt() >= 2);
        assertEquals(3, prod.find("Elasticsearch", "logpipe").orElseThrow().raw().at("/spec/nodeSets/0/count").asInt());
        assertTrue(prod.find("Secret", "logpipe-redis").isEmpty(), "prod must not ship a Redis password in git");
    }

    @Test
    void manifestImagesAreTheOnesTheBuildProduces() throws IOException {
        for (String module : List.of("shipper", "indexer")) {
            Properties p = serviceProperties(module);
            String image = p.getProperty("quarkus.container-image.group") + "/" + p.getProperty("quarkus.application.name");
            List<String> used = new ArrayList<>();
            for (Rendered r : RENDERED.values()) {
                r.podTemplates().values().forEach(t -> Rendered.allContainers(t.getSpec()).stream()
                        .filter(c -> c.getName().equals("logpipe-" + module)).forEach(c -> used.add(c.getImage())));
            }
            assertFalse(used.isEmpty(), "no logpipe-" + module + " container rendered");
            used.forEach(i -> assertTrue(i.startsWith(image + ":"), i + " is not the image Quarkus builds: " + image));
        }
    }

    @TestFactory
    Stream<DynamicTest> quarkusGeneratedManifestsParseStrictly() {
        return Stream.of("shipper", "indexer").map(module -> DynamicTest.dynamicTest(module, () -> {
            Path generated = ROOT.resolve(module + "/target/kubernetes/kubernetes.yml");
            if (!Files.exists(generated)) {
                System.err.println("NOT CHECKED: " + generated + " (package " + module + " first)");
                Assumptions.abort(generated + " not generated in this build");
            }
            List<String> problems = new ArrayList<>();
            Rendered r = new Rendered(module, StrictModels.parse(Files.readString(generated), problems));
            problems.addAll(r.problems());
            assertTrue(problems.isEmpty(), generated + ":\n  " + String.join("\n  ", problems));
            Deployment d = r.deployment("logpipe-" + module);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), "src/main/kubernetes fragment merged");
        }));
    }
}
