package io.logpipe.indexer.index;

import java.nio.charset.StandardCharsets;

/** Elasticsearch's rules for index names, checked before a name is sent (an invalid one is dead-lettered). */
public final class IndexNames {
    private static final String FORBIDDEN = "\\/*?\"<>| ,#:";

    private IndexNames() {
    }

    /** Why {@code name} is not a valid index name, or null when it is. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "must not be '.' or '..'";
        }
        char first = name.charAt(0);
        if (first == '_' || first == '-' || first == '+') {
            return "must not start with '_', '-', or '+'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0) {
                return "must not contain '" + c + "' (nor any of " + FORBIDDEN.replace(" ", "' '") + ")";
            }
            if (Character.isUpperCase(c)) {
                return "must be lowercase";
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "must not be longer than 255 bytes";
        }
        return null;
    }
}
