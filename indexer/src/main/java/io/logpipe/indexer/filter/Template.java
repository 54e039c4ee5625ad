package io.logpipe.indexer.filter;

import java.time.Instant;
import java.util.List;

import io.logpipe.indexer.index.IndexPattern;
import io.logpipe.indexer.index.Sprintf;

/**
 * A string option with Logstash's sprintf references ({@code %{field}}, {@code %{[a][b]}}, {@code %{+YYYY.MM.dd}}),
 * compiled once; the same engine as the index name. Immutable and thread-safe.
 */
public final class Template {
    private final String text;
    private final IndexPattern pattern;
    private final FieldRef[] fields;
    private final boolean usesTime;

    private Template(String text) {
        this.text = text;
        if (text.indexOf("%{") < 0) {
            pattern = null;
            fields = new FieldRef[0];
            usesTime = false;
            return;
        }
        pattern = IndexPattern.compile(text);
        List<List<String>> paths = pattern.fields();
        fields = new FieldRef[paths.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = FieldRef.of(paths.get(i));
        }
        usesTime = text.contains("%{+") || text.contains("%{{");
    }

    /** @throws IllegalArgumentException for a malformed reference */
    public static Template compile(String text) {
        return new Template(text);
    }

    /** True when the text has no reference: {@link #format} returns it as is. */
    public boolean constant() {
        return pattern == null;
    }

    public String format(Event event) {
        if (pattern == null) {
            return text;
        }
        Instant time = usesTime ? event.timestamp() : null;
        return pattern.format(time == null ? Instant.EPOCH : time, i -> Sprintf.text(event.get(fields[i])));
    }

    @Override
    public String toString() {
        return text;
    }
}
