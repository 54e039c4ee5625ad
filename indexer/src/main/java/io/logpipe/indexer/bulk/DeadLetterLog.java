package io.logpipe.indexer.bulk;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Says in the log that events go to the dead-letter list: once per reason (index, status, error type) per
 * minute, so that an operator sees every kind of refusal without a mapping conflict on a busy index writing a
 * line per event. The next line for a reason counts the ones its minute kept quiet.
 *
 * <p>One per process, shared by the workers (thread-safe). Not on the hot path: only refused events reach it.
 */
public final class DeadLetterLog {
    private static final Logger LOG = Logger.getLogger(DeadLetterLog.class);
    /** One line per reason per this many nanoseconds. */
    static final long WINDOW_NANOS = 60_000_000_000L;
    /** Past this many reasons, those quiet for a minute are forgotten (their quiet count logged first). */
    private static final int MAX_REASONS = 1000;
    private static final int MAX_REASON_TEXT = 300;

    private final JsonFactory json;
    private final LongSupplier nanoTime;
    private final Consumer<String> sink;
    private final Map<String, Window> reasons = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        long quiet;

        Window(long start) {
            this.start = start;
        }
    }

    public DeadLetterLog(JsonFactory json) {
        this(json, System::nanoTime, LOG::warn);
    }

    DeadLetterLog(JsonFactory json, LongSupplier nanoTime, Consumer<String> sink) {
        this.json = json;
        this.nanoTime = nanoTime;
        this.sink = sink;
    }

    /**
     * An event goes to the dead-letter list.
     *
     * @param errorJson Elasticsearch's error object, or null when {@code errorText} says what happened
     */
    public void dead(String index, int status, String errorJson, String errorText) {
        String[] typeAndReason = errorJson != null ? typeAndReason(errorJson) : new String[] {"-", errorText};
        String key = index + '\u0000' + status + '\u0000' + typeAndReason[0];
        long now = nanoTime.getAsLong();
        long quiet;
        Window window = reasons.computeIfAbsent(key, k -> new Window(now - WINDOW_NANOS));
        synchronized (window) {
            if (now - window.start < WINDOW_NANOS) {
                window.quiet++;
                return;
            }
            quiet = window.quiet;
            window.start = now;
            window.quiet = 0;
        }
        sink.accept(String.format("event dead-lettered: index [%s], status %d%s: %s%s", index, status,
                typeAndReason[0].equals("-") ? "" : ", " + typeAndReason[0], abbreviate(typeAndReason[1]),
                quiet == 0 ? "" : " (and " + quiet + " more for this index, status and error type in the last minute)"));
        if (reasons.size() > MAX_REASONS) {
            forgetQuiet(now);
        }
    }

    private void forgetQuiet(long now) {
        for (Iterator<Map.Entry<String, Window>> it = reasons.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Window> entry = it.next();
            Window window = entry.getValue();
            synchronized (window) {
                if (now - window.start < WINDOW_NANOS) {
                    continue;
                }
                it.remove();
                if (window.quiet > 0) {
                    String[] parts = entry.getKey().split("\u0000", 3);
                    sink.accept(String.format("event dead-lettered: index [%s], status %s%s: %d more in the minute "
                            + "after the last line for them", parts[0], parts[1], parts[2].equals("-") ? "" : ", " + parts[2],
                            window.quiet));
                }
            }
        }
    }

    /** {@code type} and {@code reason} of an Elasticsearch error object; the whole JSON when it has neither. */
    private String[] typeAndReason(String errorJson) {
        String type = null;
        String reason = null;
        try (JsonParser p = json.createParser(errorJson)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                        type = p.getText();
                    } else if (name.equals("reason") && value == JsonToken.VALUE_STRING) {
                        reason = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not an error object: the text says it all
        }
        return new String[] {type == null ? "-" : type, reason == null ? errorJson : reason};
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_REASON_TEXT ? text : text.substring(0, MAX_REASON_TEXT) + "…";
    }
}
