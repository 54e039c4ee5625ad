package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.Search.Doc;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * The shipper as the sidecar component runs it ({@code SHIPPER_KUBERNETES_ENABLED}, the Downward API variables, a
 * labels and an annotations file in the kubelet's format): every document in Elasticsearch can be found by pod,
 * namespace, node, container and label, as keywords; a label changed while it runs reaches the events read after;
 * without the Downward API it does not start.
 */
class KubernetesMetadataIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private static final String INDEX = "k8s-e2e";
    private static final String POD = "web-7c9f4d-x2kq8";
    private static final String UID = "0b5d4f6e-7a1c-4b8e-9d2f-3c4b5a6d7e8f";
    private static final Map<String, String> DOWNWARD_API = Map.of("SHIPPER_KUBERNETES_ENABLED", "true",
            "POD_NAME", POD, "POD_NAMESPACE", "shop", "POD_UID", UID, "NODE_NAME", "node-3",
            "SHIPPER_KUBERNETES_CONTAINER_NAME", "nginx", "HOSTNAME", POD);

    @Test
    void everyDocumentCarriesThePodsKubernetesFieldsAsKeywordsAndFollowsALabelChange() throws Exception {
        ElasticsearchServer es = SharedServers.elasticsearch();
        Search search = new Search(es);
        Path work = Services.workDir("kubernetes");
        Path logs = Files.createDirectories(work.resolve("app-logs"));
        Path podinfo = Files.createDirectories(work.resolve("podinfo"));
        // As the kubelet writes them: sorted, key="value" (Go-quoted), no newline after the last line.
        swap(podinfo, "labels", "app=\"web\"\napp.kubernetes.io/name=\"web\"\npod-template-hash=\"7c9f4d\"\nversion=\"1\"");
        swap(podinfo, "annotations", "logpipe.io/type=\"nginx\"\nowner=\"team \\\"payments\\\"\\n(on call)\"");
        Map<String, String> kubernetes = Map.of(
                "shipper.kubernetes.labels-path", podinfo.resolve("labels").toString(),
                "shipper.kubernetes.annotations-path", podinfo.resolve("annotations").toString(),
                "shipper.kubernetes.include-annotations", "owner",
                "shipper.kubernetes.refresh-interval", "300ms");
        String pattern = INDEX + "-*";

        try (RedisServer redis = RedisServer.builder().build().start();
                ServiceProcess indexer = Services.indexer("indexer", work,
                        Services.indexerConfig(redis, es, "e2e-k8s-indexer", INDEX + "-%{+YYYY.MM.dd}"), Map.of());
                ServiceProcess shipper = Services.shipper("shipper", work, Services.merge(Services.shipperConfig(redis, work),
                        Services.fileInput("app", logs + "/*.log"), kubernetes), DOWNWARD_API)) {
            indexer.startReady(START);
            shipper.startReady(START);
            int lines = 50;
            try (LineWriter app = LineWriter.append(logs.resolve("access.log"))) {
                for (int i = 0; i < lines; i++) {
                    app.write("2026-12-07 10:00:00 GET /item/" + i + " 200");
                }
            }
            Poll.until(lines + " documents in " + pattern, START, Duration.ofMillis(250),
                    () -> search.countOrUnavailable(pattern) >= lines, () -> "\n" + shipper.logTail(30) + "\n" + indexer.logTail(30));

            List<Doc> docs = search.all(pattern);
            assertEquals(lines, docs.size());
            for (Doc d : docs) {
                assertEquals(POD, d.text("kubernetes.pod.name"), d.toString());
                assertEquals(UID, d.text("kubernetes.pod.uid"));
                assertEquals("shop", d.text("kubernetes.namespace"));
                assertEquals("node-3", d.text("kubernetes.node.name"));
                assertEquals("nginx", d.text("container.name"));
                assertEquals("nginx", d.text("kubernetes.container.name"));
                JsonNode labels = d.source().path("kubernetes").path("labels");
                assertEquals("web", labels.path("app").asText(), labels.toString());
                assertEquals("web", labels.path("app_kubernetes_io/name").asText(), "dots in keys become _, as Filebeat");
                assertEquals("1", labels.path("version").asText());
                JsonNode annotations = d.source().path("kubernetes").path("annotations");
                assertEquals("team \"payments\"\n(on call)", annotations.path("owner").asText(), "the Go escapes undone");
                assertFalse(annotations.has("logpipe_io/type"), "only the annotations asked for");
                assertEquals("payments", d.text("fields.team"), "the input's own fields stay");
            }

            // Findable in Kibana: exact (keyword) matches on every field, labels of any key included.
            Map<String, String> terms = Map.of("kubernetes.pod.name", POD, "kubernetes.pod.uid", UID,
                    "kubernetes.namespace", "shop", "kubernetes.node.name", "node-3", "container.name", "nginx",
                    "kubernetes.labels.app_kubernetes_io/name", "web", "kubernetes.labels.pod-template-hash", "7c9f4d");
            terms.forEach((field, value) -> assertEquals(lines, search.countWhere(pattern, field, value), field));
            String index = docs.get(0).index();
            JsonNode k8s = JSON.readTree(es.request("GET", "/" + index + "/_mapping", null).body())
                    .at("/" + index + "/mappings/properties/kubernetes/properties");
            assertEquals("keyword", k8s.at("/labels/properties/app_kubernetes_io~1name/type").asText(), k8s.toString());
            assertEquals("keyword", k8s.at("/annotations/properties/owner/type").asText(), k8s.toString());
            assertEquals("keyword", k8s.at("/pod/properties/name/type").asText(), k8s.toString());

            // kubectl label pod ... version=2: the kubelet swaps the file; events read after carry the new label.
            swap(podinfo, "labels", "app=\"web\"\napp.kubernetes.io/name=\"web\"\npod-template-hash=\"7c9f4d\"\nversion=\"2\"");
            try (LineWriter app = LineWriter.append(logs.resolve("access.log"))) {
                int[] n = {0};
                Poll.until("an event with the new label", START, Duration.ofMillis(200), () -> {
                    // A line of its own (the input's multiline rule joins lines that do not start with a digit).
                    app.write("2026-12-07 10:00:01 after the relabel " + n[0]++);
                    return search.countWhere(pattern, "kubernetes.labels.version", "2") > 0;
                }, () -> "\n" + shipper.logTail(30));
            }
            for (Doc d : search.all(pattern)) {
                if (d.text("kubernetes.labels.version").equals("2")) {
                    assertTrue(d.text("message").contains("after the relabel "), "only events read after the change: " + d);
                }
            }
            assertTrue(shipper.logText().contains("labels or annotations changed"), shipper.logTail(30));
        }
    }

    @Test
    void aSidecarWithoutTheDownwardApiDoesNotStartAndSaysWhatIsMissing() throws Exception {
        Path work = Services.workDir("kubernetes-missing");
        Path logs = Files.createDirectories(work.resolve("app-logs"));
        Path labels = work.resolve("podinfo").resolve("labels");
        try (RedisServer redis = RedisServer.builder().build().start();
                ServiceProcess shipper = Services.shipper("shipper", work, Services.merge(Services.shipperConfig(redis, work),
                        Services.fileInput("app", logs + "/*.log"), Map.of("shipper.kubernetes.labels-path", labels.toString())),
                        Map.of("SHIPPER_KUBERNETES_ENABLED", "true", "POD_NAME", POD, "POD_NAMESPACE", "shop"))) {
            shipper.start();
            Poll.until("the shipper to exit", START, Duration.ofMillis(100), () -> !shipper.alive(), () -> shipper.logTail(30));
            assertNotEquals(0, shipper.exitCode().orElseThrow(), shipper.logTail(30));
            String log = shipper.logText();
            for (String want : List.of("POD_UID", "NODE_NAME", labels.toString(), "metadata.labels")) {
                assertTrue(log.contains(want), "the start-up error names " + want + ":\n" + shipper.logTail(30));
            }
        }
    }

    /** Replaces a file at once, as the kubelet does (it flips a symlink): a reader never sees half of it. */
    private static void swap(Path dir, String name, String content) throws Exception {
        Path temp = Files.writeString(dir.resolve("." + name + ".tmp"), content, StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
