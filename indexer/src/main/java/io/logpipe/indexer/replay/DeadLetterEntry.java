package io.logpipe.indexer.replay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One dead-letter entry, read for replay: the original element, and the reason it was refused.
 *
 * <p>The element is cut out of the entry's bytes, never rebuilt from a parsed tree: when {@code event} is a JSON
 * string it is the string's UTF-8 bytes (the indexer writes a text element so); any other value (an object, as
 * the indexer embeds an element that was a JSON object, or whatever a person wrote) is the exact bytes between the
 * member's colon and the comma or brace after it. The indexer writes no whitespace of its own there, so for the
 * entries it wrote these are the element's bytes, including a byte order mark or whitespace the element had.
 */
public final class DeadLetterEntry {
    private static final int MAX_REASON_TEXT = 80;

    private final byte[] element;
    private final String reason;

    private DeadLetterEntry(byte[] element, String reason) {
        this.element = element;
        this.reason = reason;
    }

    /** Reads {@code entry} (the bytes of one element of the dead-letter list). */
    public static DeadLetterEntry read(byte[] entry) throws UnreadableEntryException {
        RawJson.Member[] found = new RawJson.Member[4];
        int end = RawJson.members(entry, 0, member -> {
            int slot = switch (member.name()) {
                case "event" -> 0;
                case "index" -> 1;
                case "status" -> 2;
                case "error" -> 3;
                default -> -1;
            };
            if (slot == 0 && found[0] != null) {
                throw new UnreadableEntryException("two \"event\" members", member.valueStart());
            }
            if (slot >= 0) {
                found[slot] = member;
            }
        });
        if (RawJson.skipWhitespace(entry, end) != entry.length) {
            throw new UnreadableEntryException("bytes after the entry's object", end);
        }
        RawJson.Member event = found[0];
        if (event == null) {
            throw new UnreadableEntryException("no \"event\" member", 0);
        }
        byte[] element = entry[event.valueStart()] == '"'
                ? RawJson.decodeString(entry, event.valueStart(), event.valueEnd())
                : Arrays.copyOfRange(entry, event.afterColon(), event.delimiter());
        return new DeadLetterEntry(element, reason(entry, found[1], found[2], found[3]));
    }

    /** The element as it was in the main list before the indexer refused it. */
    public byte[] element() {
        return element;
    }

    /** {@code index=…, status=…, error=…} (the error's {@code type}, or its text), for the per-reason summary. */
    public String reason() {
        return reason;
    }

    private static String reason(byte[] entry, RawJson.Member index, RawJson.Member status, RawJson.Member error)
            throws UnreadableEntryException {
        return "index=" + text(entry, index) + ", status=" + text(entry, status) + ", error=" + errorType(entry, error);
    }

    private static String errorType(byte[] entry, RawJson.Member error) throws UnreadableEntryException {
        if (error == null || entry[error.valueStart()] != '{') {
            return text(entry, error);
        }
        RawJson.Member[] type = new RawJson.Member[1];
        RawJson.members(entry, error.valueStart(), member -> {
            if (member.name().equals("type")) {
                type[0] = member;
            }
        });
        return text(entry, type[0]);
    }

    /** A string's text, or any other value's JSON; abbreviated. "-" when absent. */
    private static String text(byte[] entry, RawJson.Member member) throws UnreadableEntryException {
        if (member == null) {
            return "-";
        }
        byte[] bytes = entry[member.valueStart()] == '"'
                ? RawJson.decodeString(entry, member.valueStart(), member.valueEnd())
                : Arrays.copyOfRange(entry, member.valueStart(), Math.min(member.valueEnd(), member.valueStart() + MAX_REASON_TEXT));
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.length() <= MAX_REASON_TEXT ? text : text.substring(0, MAX_REASON_TEXT) + "…";
    }
}
