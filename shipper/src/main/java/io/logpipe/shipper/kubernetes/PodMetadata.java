package io.logpipe.shipper.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.logpipe.shipper.config.ShipperConfig;

/**
 * What the Downward API tells the sidecar about its pod, and the event fields made of it.
 *
 * @param containerName the app's container, or null
 * @param annotations only those asked for ({@code include-annotations})
 */
public record PodMetadata(String podName, String podUid, String namespace, String nodeName, String containerName,
        SortedMap<String, String> labels, SortedMap<String, String> annotations) {

    /** The environment variables and the Downward API field each must come from (for the error message). */
    static final Map<String, String> VARIABLES = variables();

    private static Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("POD_NAME", "metadata.name");
        v.put("POD_NAMESPACE", "metadata.namespace");
        v.put("POD_UID", "metadata.uid");
        v.put("NODE_NAME", "spec.nodeName");
        return v;
    }

    /**
     * Reads everything, or fails listing everything that is missing at once (so one redeploy fixes it).
     *
     * @param env the process environment (a map, so tests need not change theirs)
     * @throws IllegalStateException with every missing variable (and its {@code fieldRef}) and unreadable file
     */
    public static PodMetadata read(ShipperConfig.Kubernetes config, Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        VARIABLES.forEach((name, field) -> {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                missing.add("environment variable " + name + " (valueFrom.fieldRef.fieldPath: " + field + ")");
            } else {
                values.put(name, value.trim());
            }
        });
        SortedMap<String, String> labels = readOrNote(config.labelsPath(), "metadata.labels", missing);
        List<String> include = includedAnnotations(config);
        SortedMap<String, String> annotations = include.isEmpty() ? new TreeMap<>()
                : readOrNote(config.annotationsPath(), "metadata.annotations", missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("shipper.kubernetes.enabled is true but the Downward API does not give "
                    + String.join("; ", missing)
                    + ". Give the shipper's container these (see README, Kubernetes) or set shipper.kubernetes.enabled=false");
        }
        return new PodMetadata(values.get("POD_NAME"), values.get("POD_UID"), values.get("POD_NAMESPACE"),
                values.get("NODE_NAME"), config.containerName().filter(n -> !n.isBlank()).map(String::trim).orElse(null),
                labels, only(annotations, include));
    }

    /** The same pod with its labels and annotations read again from their files. */
    PodMetadata reread(ShipperConfig.Kubernetes config) throws IOException {
        List<String> include = includedAnnotations(config);
        return new PodMetadata(podName, podUid, namespace, nodeName, containerName, readFile(config.labelsPath()),
                include.isEmpty() ? annotations : only(readFile(config.annotationsPath()), include));
    }

    private static List<String> includedAnnotations(ShipperConfig.Kubernetes config) {
        return config.includeAnnotations().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static SortedMap<String, String> only(SortedMap<String, String> all, List<String> keys) {
        SortedMap<String, String> kept = new TreeMap<>();
        for (String key : keys) {
            if (all.containsKey(key)) {
                kept.put(key, all.get(key));
            }
        }
        return kept;
    }

    private static SortedMap<String, String> readOrNote(Path path, String field, List<String> missing) {
        try {
            return readFile(path);
        } catch (NoSuchFileException e) {
            missing.add("the file " + path + " (a downwardAPI volume item with fieldRef.fieldPath: " + field + ")");
        } catch (IOException | IllegalArgumentException e) {
            missing.add("a readable " + path + " (" + e.getMessage() + ")");
        }
        return new TreeMap<>();
    }

    static SortedMap<String, String> readFile(Path path) throws IOException {
        return DownwardApiFile.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    }

    /**
     * The event's {@code kubernetes} and {@code container} objects, as Filebeat's {@code add_kubernetes_metadata}
     * names them: {@code kubernetes.pod.name}, {@code kubernetes.pod.uid}, {@code kubernetes.namespace},
     * {@code kubernetes.node.name}, {@code kubernetes.labels.*}, {@code kubernetes.annotations.*},
     * {@code kubernetes.container.name} and ECS's {@code container.name}.
     */
    public Map<String, Object> fields(boolean labelsDedot, boolean annotationsDedot) {
        Map<String, Object> k8s = new TreeMap<>();
        k8s.put("pod", Map.of("name", podName, "uid", podUid));
        k8s.put("namespace", namespace);
        k8s.put("node", Map.of("name", nodeName));
        if (!labels.isEmpty()) {
            k8s.put("labels", keys(labels, labelsDedot));
        }
        if (!annotations.isEmpty()) {
            k8s.put("annotations", keys(annotations, annotationsDedot));
        }
        Map<String, Object> fields = new TreeMap<>();
        if (containerName != null) {
            k8s.put("container", Map.of("name", containerName));
            fields.put("container", Map.of("name", containerName));
        }
        fields.put("kubernetes", k8s);
        return fields;
    }

    /**
     * {@code .} → {@code _} when de-dotting ({@code /} stays: it is no path separator in Elasticsearch). Of two keys
     * that become one ({@code a.b} and {@code a_b}, rare) the first in key order wins, so the result does not depend
     * on the order the kubelet wrote them in.
     */
    static Map<String, String> keys(SortedMap<String, String> entries, boolean dedot) {
        if (!dedot) {
            return entries;
        }
        Map<String, String> out = new TreeMap<>();
        entries.forEach((k, v) -> out.putIfAbsent(k.replace('.', '_'), v));
        return out;
    }

    /** For the start-up log line: what the events will carry, labels by key only. */
    String describe() {
        return "pod " + namespace + "/" + podName + " (uid " + podUid + ") on node " + nodeName
                + Optional.ofNullable(containerName).map(c -> ", container " + c).orElse("") + ", labels "
                + labels.keySet() + (annotations.isEmpty() ? "" : ", annotations " + annotations.keySet());
    }
}
