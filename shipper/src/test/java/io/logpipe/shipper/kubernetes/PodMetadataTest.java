package io.logpipe.shipper.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.event.EventMetadata;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.event.Decoration;
import io.logpipe.shipper.tail.Message;

class PodMetadataTest {
    private static final Map<String, String> ENV = Map.of("POD_NAME", "web-7c9f4d-x2kq8", "POD_NAMESPACE", "shop",
            "POD_UID", "5f1e0c7a-0000-4000-8000-000000000001", "NODE_NAME", "node-3", "HOME", "/home/jboss");

    @TempDir
    Path dir;

    record Config(boolean enabled, Path labelsPath, Path annotationsPath, Optional<List<String>> includeAnnotations,
            boolean labelsDedot, boolean annotationsDedot, Optional<String> containerName, Duration refreshInterval)
            implements ShipperConfig.Kubernetes {
    }

    private Config config(List<String> annotations, boolean dedot, String container) {
        return new Config(true, dir.resolve("labels"), dir.resolve("annotations"),
                annotations == null ? Optional.empty() : Optional.of(annotations), dedot, dedot,
                Optional.ofNullable(container), Duration.ofSeconds(10));
    }

    @Test
    void theEventsCarryEcsKubernetesFieldsWithLabelKeysDedottedAsFilebeatDoes() throws Exception {
        Files.writeString(dir.resolve("labels"), "app=\"web\"\napp.kubernetes.io/name=\"web\"\ntier=\"front\"");
        PodMetadata pod = PodMetadata.read(config(null, true, "nginx"), ENV);
        assertEquals(Map.of(
                "kubernetes", Map.of("pod", Map.of("name", "web-7c9f4d-x2kq8", "uid", "5f1e0c7a-0000-4000-8000-000000000001"),
                        "namespace", "shop", "node", Map.of("name", "node-3"),
                        "labels", Map.of("app", "web", "app_kubernetes_io/name", "web", "tier", "front"),
                        "container", Map.of("name", "nginx")),
                "container", Map.of("name", "nginx")), pod.fields(true, true));
        Map<String, Object> dotted = pod.fields(false, false);
        assertTrue(((Map<?, ?>) ((Map<?, ?>) dotted.get("kubernetes")).get("labels")).containsKey("app.kubernetes.io/name"));
    }

    @Test
    void onlyTheAnnotationsAskedForAreAddedAndNoneByDefault() throws Exception {
        Files.writeString(dir.resolve("labels"), "app=\"web\"");
        Files.writeString(dir.resolve("annotations"),
                "kubectl.kubernetes.io/last-applied-configuration=\"{\\\"huge\\\":true}\"\nlogpipe.io/type=\"nginx\"\nteam=\"payments\"");
        Map<?, ?> none = (Map<?, ?>) PodMetadata.read(config(null, true, null), ENV).fields(true, true).get("kubernetes");
        assertFalse(none.containsKey("annotations"), none.toString());
        Map<String, Object> fields = PodMetadata.read(config(List.of("logpipe.io/type", "team", "absent"), true, null), ENV)
                .fields(true, true);
        assertEquals(Map.of("logpipe_io/type", "nginx", "team", "payments"),
                ((Map<?, ?>) fields.get("kubernetes")).get("annotations"));
        assertFalse(fields.containsKey("container"), "no container name given: no container object");
    }

    @Test
    void enabledWithoutTheDownwardApiRefusesToStartNamingEverythingMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PodMetadata.read(config(List.of("team"), true, null), Map.of("POD_NAME", "p", "NODE_NAME", " ")));
        String m = e.getMessage();
        for (String want : List.of("POD_NAMESPACE (valueFrom.fieldRef.fieldPath: metadata.namespace)",
                "POD_UID (valueFrom.fieldRef.fieldPath: metadata.uid)", "NODE_NAME (valueFrom.fieldRef.fieldPath: spec.nodeName)",
                dir.resolve("labels") + " (a downwardAPI volume item with fieldRef.fieldPath: metadata.labels)",
                dir.resolve("annotations") + " (a downwardAPI volume item with fieldRef.fieldPath: metadata.annotations)",
                "shipper.kubernetes.enabled=false")) {
            assertTrue(m.contains(want), "missing " + want + " in: " + m);
        }
        assertFalse(m.contains("POD_NAME "), "POD_NAME is there: " + m);
    }

    @Test
    void aMalformedLabelsFileRefusesToStartWithItsLine() throws Exception {
        Files.writeString(dir.resolve("labels"), "app=\"web\"\ngarbage");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PodMetadata.read(config(null, true, null), ENV));
        assertTrue(e.getMessage().contains("labels line 2"), e.getMessage());
    }

    @Test
    void changedLabelsReachEventsEncodedAfterTheRefreshAndAnUnreadableFileKeepsTheLastOnes() throws Exception {
        Path labels = Files.writeString(dir.resolve("labels"), "app=\"web\"\nversion=\"1\"");
        EventMetadata metadata = new EventMetadata();
        KubernetesMetadata k8s = KubernetesMetadata.start(config(null, true, null), ENV, metadata);
        EventWriter writer = new EventWriter("h", metadata);
        ObjectMapper json = new ObjectMapper();
        Message m = new Message("x", 0, 2, 1, 1, 0);
        JsonNode before = json.readTree(writer.write(1L, m, "/f", "1", Decoration.NONE));
        assertEquals("1", before.at("/kubernetes/labels/version").asText());
        assertEquals("shop", before.at("/kubernetes/namespace").asText());

        // The kubelet swaps the file (a symlink flip in a real volume) after kubectl label.
        Files.writeString(labels, "app=\"web\"\nversion=\"2\"");
        k8s.refresh();
        JsonNode after = json.readTree(writer.write(2L, m, "/f", "2", Decoration.NONE));
        assertEquals("2", after.at("/kubernetes/labels/version").asText());

        Files.delete(labels);
        k8s.refresh();
        JsonNode kept = json.readTree(writer.write(3L, m, "/f", "3", Decoration.NONE));
        assertEquals("2", kept.at("/kubernetes/labels/version").asText(), "the last labels read stay");
    }
}
