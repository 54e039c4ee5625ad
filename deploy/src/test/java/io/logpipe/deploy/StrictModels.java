package io.logpipe.deploy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Parses rendered YAML into fabric8's typed Kubernetes models, strictly. fabric8's models accept any unknown
 * field into {@code additionalProperties} (a Jackson any-setter), and Jackson by default turns {@code 8080}
 * into {@code "8080"} and back; the API server does neither. So a document fails here when any object
 * anywhere in its tree ends up with additional properties, and when a scalar has the wrong JSON type.
 */
final class StrictModels {

    /** The core kinds logpipe's manifests use; any other kind must be a known custom resource. */
    private static final Map<String, Class<?>> CORE = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = strictMapper();

    private StrictModels() {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper m = new ObjectMapper();
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        m.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        // Kubernetes is JSON-typed: "replicas: '2'" and "value: 8080" (for a string) are rejected there.
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** Every document of a multi-document YAML text, empty documents skipped. */
    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /**
     * Parses every document; problems (unknown kinds, unknown fields, wrong types, custom resources that do
     * not match their structure) go to {@code problems}, prefixed with the document's identity.
     */
    static List<Manifest> parse(String yaml, List<String> problems) throws IOException {
        List<Manifest> out = new ArrayList<>();
        for (JsonNode doc : documents(yaml)) {
            String apiVersion = doc.path("apiVersion").asText("");
            String kind = doc.path("kind").asText("");
            String ns = doc.path("metadata").path("namespace").isTextual()
                    ? doc.path("metadata").path("namespace").asText() : null;
            String name = doc.path("metadata").path("name").asText("");
            String id = kind + " " + (ns == null ? "" : ns + "/") + name;
            Class<?> type = CORE.get(apiVersion + "/" + kind);
            Object typed = null;
            if (type != null) {
                try {
                    typed = STRICT.treeToValue(doc, type);
                    for (String unknown : unknownFields(typed)) {
                        problems.add(id + ": unknown field " + unknown);
                    }
                } catch (JsonProcessingException e) {
                    problems.add(id + ": does not parse as " + type.getSimpleName() + ": " + e.getOriginalMessage()
                            + " at " + e.getLocation() + " " + pathOf(e));
                }
            } else if (CustomResources.knows(apiVersion, kind)) {
                CustomResources.check(doc, STRICT, problems);
            } else {
                problems.add(id + ": kind " + apiVersion + "/" + kind
                        + " has neither a typed model nor a structural check here; add one");
            }
            out.add(new Manifest(apiVersion, kind, ns, name, doc, typed));
        }
        return out;
    }

    /** Strictly parses a subtree (e.g. a pod template inside a custom resource) into a typed model. */
    static void parseInto(JsonNode node, Class<?> type, String where, ObjectMapper strict, List<String> problems) {
        try {
            Object typed = strict.treeToValue(node, type);
            for (String unknown : unknownFields(typed)) {
                problems.add(where + ": unknown field " + unknown);
            }
        } catch (JsonProcessingException e) {
            problems.add(where + ": does not parse as " + type.getSimpleName() + ": " + e.getOriginalMessage()
                    + " " + pathOf(e));
        }
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme) {
            return jme.getPathReference();
        }
        return "";
    }

    /** Paths (like {@code .spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem}) of fields no model knew. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object o, String path, List<String> found, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || !m.getDeclaringClass().getName().startsWith("io.fabric8.")) {
                continue;
            }
            String name = m.getName();
            boolean getter = name.startsWith("get") && name.length() > 3;
            if (!getter) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // derived accessors (e.g. Quantity's numerical amount) are not fields
            }
            String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) {
                        found.add(path + "." + key);
                    }
                }
                continue;
            }
            walk(value, path + "." + field, found, seen);
        }
    }
}
