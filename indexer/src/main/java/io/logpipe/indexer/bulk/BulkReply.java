package io.logpipe.indexer.bulk;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a {@code _bulk} response: each item's status and, when it failed, its error object as JSON.
 *
 * <p>Streaming, and it stops at {@code "errors":false} (every item succeeded), so the common answer costs almost
 * nothing to read. Not thread-safe: one per worker, arrays reused.
 */
final class BulkReply {
    private final JsonFactory json;
    int[] statuses = new int[0];
    String[] errors = new String[0];

    BulkReply(JsonFactory json) {
        this.json = json;
    }

    /**
     * Parses {@code body}, an answer for {@code expected} items.
     *
     * @return true when every item succeeded ({@code statuses} then untouched); false when {@code statuses} and
     *     {@code errors} hold the first {@code expected} items' answers
     * @throws IOException when the body is not a bulk answer for that many items
     */
    boolean parse(byte[] body, int expected) throws IOException {
        if (statuses.length < expected) {
            statuses = new int[expected];
            errors = new String[expected];
        }
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("bulk answer is not a JSON object");
            }
            int items = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("errors") && value == JsonToken.VALUE_FALSE) {
                    return true;
                } else if (name.equals("items") && value == JsonToken.START_ARRAY) {
                    items = items(p, expected);
                } else {
                    p.skipChildren();
                }
            }
            if (items != expected) {
                throw new IOException("bulk answer has " + items + " items for " + expected + " sent");
            }
            return false;
        }
    }

    private int items(JsonParser p, int expected) throws IOException {
        int n = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            if (n >= expected) {
                throw new IOException("bulk answer has more items than the " + expected + " sent");
            }
            statuses[n] = 0;
            errors[n] = null;
            // {"create": {"_index":..., "status": 201, "error": {...}}}
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("status") && value == JsonToken.VALUE_NUMBER_INT) {
                        statuses[n] = p.getIntValue();
                    } else if (field.equals("error")) {
                        errors[n] = value.isStructStart() ? p.readValueAsTree().toString() : p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
            n++;
        }
        return n;
    }
}
