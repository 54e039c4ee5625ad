package io.logpipe.deploy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;

/**
 * Structural checks of the custom resources logpipe's manifests use (KEDA, ECK), whose CRD schemas are not
 * available offline. Each is described by the fields logpipe may set (from the operators' API references);
 * a field outside that description or a scalar of the wrong type fails, and embedded core types (pod
 * templates, volume claim templates, HPA behaviour) are parsed strictly into fabric8 models.
 */
final class CustomResources {

    /** A description of an allowed JSON shape. */
    sealed interface Shape permits Obj, ListOf, MapOf, Scalar, Typed, Any {
    }

    record Obj(Map<String, Shape> fields, Set<String> required) implements Shape {
        Obj require(String... names) {
            return new Obj(fields, Set.of(names));
        }
    }

    record ListOf(Shape item) implements Shape {
    }

    record MapOf(Shape value) implements Shape {
    }

    enum Scalar implements Shape {
        STRING, INT, BOOL
    }

    record Typed(Class<?> model) implements Shape {
    }

    /** Free-form (operator-defined configuration maps such as Elasticsearch's {@code config}). */
    enum Any implements Shape {
        ANY
    }

    static Obj obj(Object... nameShapePairs) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameShapePairs.length; i += 2) {
            fields.put((String) nameShapePairs[i], (Shape) nameShapePairs[i + 1]);
        }
        return new Obj(fields, Set.of());
    }

    static ListOf list(Shape item) {
        return new ListOf(item);
    }

    private static final Shape STR = Scalar.STRING;
    private static final Shape INT = Scalar.INT;
    private static final Shape BOOL = Scalar.BOOL;

    private static final Shape ECK_HTTP = obj(
            "service", Any.ANY,
            "tls", obj(
                    "selfSignedCertificate", obj("disabled", BOOL, "subjectAltNames", list(Any.ANY)),
                    "certificate", obj("secretName", STR)));

    private static final Map<String, Shape> SPECS = Map.of(
            "keda.sh/v1alpha1/ScaledObject", obj(
                    "scaleTargetRef", obj("apiVersion", STR, "kind", STR, "name", STR, "envSourceContainerName", STR)
                            .require("name"),
                    "pollingInterval", INT, "cooldownPeriod", INT, "initialCooldownPeriod", INT,
                    "idleReplicaCount", INT, "minReplicaCount", INT, "maxReplicaCount", INT,
                    "fallback", obj("failureThreshold", INT, "replicas", INT),
                    "advanced", obj(
                            "restoreToOriginalReplicaCount", BOOL,
                            // KEDA 2.12+: one composite metric computed from the named triggers.
                            "scalingModifiers", obj("formula", STR, "target", STR, "activationTarget", STR,
                                    "metricType", STR).require("formula", "target"),
                            "horizontalPodAutoscalerConfig", obj(
                                    "name", STR, "behavior", new Typed(HorizontalPodAutoscalerBehavior.class))),
                    "triggers", list(obj(
                            "type", STR, "name", STR, "metricType", STR, "useCachedMetrics", BOOL,
                            // KEDA reads every trigger parameter as a string.
                            "metadata", new MapOf(STR),
                            "authenticationRef", obj("name", STR, "kind", STR).require("name"))
                            .require("type", "metadata")))
                    .require("scaleTargetRef", "triggers"),
            "keda.sh/v1alpha1/TriggerAuthentication", obj(
                    "secretTargetRef", list(obj("parameter", STR, "name", STR, "key", STR)
                            .require("parameter", "name", "key")),
                    "env", list(obj("parameter", STR, "name", STR, "containerName", STR)
                            .require("parameter", "name"))),
            "elasticsearch.k8s.elastic.co/v1/Elasticsearch", obj(
                    "version", STR, "image", STR, "http", ECK_HTTP, "transport", Any.ANY,
                    "auth", obj(
                            "roles", list(obj("secretName", STR).require("secretName")),
                            "fileRealm", list(obj("secretName", STR).require("secretName")),
                            "disableElasticUser", BOOL),
                    "nodeSets", list(obj(
                            "name", STR, "count", INT, "config", new MapOf(Any.ANY),
                            "podTemplate", new Typed(PodTemplateSpec.class),
                            "volumeClaimTemplates", list(new Typed(PersistentVolumeClaim.class)))
                            .require("name", "count")),
                    "updateStrategy", Any.ANY, "podDisruptionBudget", Any.ANY,
                    "secureSettings", list(obj("secretName", STR).require("secretName")))
                    .require("version", "nodeSets"),
            "kibana.k8s.elastic.co/v1/Kibana", obj(
                    "version", STR, "image", STR, "count", INT,
                    "elasticsearchRef", obj("name", STR, "namespace", STR).require("name"),
                    "http", ECK_HTTP, "config", new MapOf(Any.ANY),
                    "podTemplate", new Typed(PodTemplateSpec.class))
                    .require("version", "elasticsearchRef"));

    private CustomResources() {
    }

    static boolean knows(String apiVersion, String kind) {
        return SPECS.containsKey(apiVersion + "/" + kind);
    }

    static void check(JsonNode doc, ObjectMapper strict, List<String> problems) {
        String id = doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
        Shape spec = SPECS.get(doc.path("apiVersion").asText() + "/" + doc.path("kind").asText());
        Shape top = obj("apiVersion", STR, "kind", STR, "metadata", new Typed(ObjectMeta.class), "spec", spec)
                .require("apiVersion", "kind", "metadata", "spec");
        check(doc, top, id, "", strict, problems);
    }

    private static void check(JsonNode node, Shape shape, String id, String path, ObjectMapper strict,
            List<String> problems) {
        String where = id + " " + (path.isEmpty() ? "(document)" : path);
        if (shape instanceof Obj o) {
            if (!node.isObject()) {
                problems.add(where + ": expected an object, got " + node.getNodeType());
                return;
            }
            for (String r : o.required()) {
                if (!node.has(r)) {
                    problems.add(where + ": missing required field " + r);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Shape field = o.fields().get(e.getKey());
                if (field == null) {
                    problems.add(where + ": unknown field " + e.getKey());
                } else {
                    check(e.getValue(), field, id, path + "." + e.getKey(), strict, problems);
                }
            }
        } else if (shape instanceof ListOf l) {
            if (!node.isArray()) {
                problems.add(where + ": expected a list, got " + node.getNodeType());
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), l.item(), id, path + "[" + i + "]", strict, problems);
            }
        } else if (shape instanceof MapOf m) {
            if (!node.isObject()) {
                problems.add(where + ": expected a map, got " + node.getNodeType());
                return;
            }
            node.fields().forEachRemaining(
                    e -> check(e.getValue(), m.value(), id, path + "[" + e.getKey() + "]", strict, problems));
        } else if (shape instanceof Scalar s) {
            boolean ok = switch (s) {
                case STRING -> node.isTextual();
                case INT -> node.isIntegralNumber();
                case BOOL -> node.isBoolean();
            };
            if (!ok) {
                problems.add(where + ": expected " + s.name().toLowerCase() + ", got " + node.getNodeType() + " " + node);
            }
        } else if (shape instanceof Typed t) {
            StrictModels.parseInto(node, t.model(), where, strict, problems);
        }
        // Any: operator-defined free-form configuration, not checked
    }
}
