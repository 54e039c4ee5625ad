package io.logpipe.indexer.index;

import com.fasterxml.jackson.databind.JsonNode;

/** How Logstash prints a field value inside a sprintf pattern. */
public final class Sprintf {
    private Sprintf() {
    }

    /** A string as is, a number or boolean as text, an array's elements joined by commas, an object as JSON; null for missing or null. */
    public static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode element : value) {
                if (joined.length() > 0) {
                    joined.append(',');
                }
                String text = text(element);
                joined.append(text == null ? "" : text);
            }
            return joined.toString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
