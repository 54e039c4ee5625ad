package io.logpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One rendered Kubernetes document: its identity, its raw tree, and its typed model (a fabric8 object for
 * core kinds, {@code null} for custom resources, which are checked structurally instead).
 */
record Manifest(String apiVersion, String kind, String namespace, String name, JsonNode raw, Object typed) {

    String id() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    @SuppressWarnings("unchecked")
    <T> T as(Class<T> type) {
        if (!type.isInstance(typed)) {
            throw new IllegalStateException(id() + " is not a " + type.getSimpleName());
        }
        return (T) typed;
    }
}
