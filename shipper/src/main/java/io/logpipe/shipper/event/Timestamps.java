package io.logpipe.shipper.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats epoch milliseconds as {@code 2026-11-24T10:00:00.123Z} (UTC, always three fraction digits). Keeps the
 * formatted second (and the last result: events read in the same millisecond share it), so an event costs at
 * most a few char writes instead of a DateTimeFormatter run. Not thread-safe.
 */
public final class Timestamps {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);
    private long second = Long.MIN_VALUE;
    private char[] chars;
    private long lastMillis;
    private String last;

    public String format(long epochMillis) {
        if (epochMillis == lastMillis && last != null) {
            return last;
        }
        lastMillis = epochMillis;
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second || chars == null) {
            String prefix = SECOND.format(Instant.ofEpochSecond(s));
            chars = new char[prefix.length() + 4];
            prefix.getChars(0, prefix.length(), chars, 0);
            chars[chars.length - 1] = 'Z';
            second = s;
        }
        int ms = (int) Math.floorMod(epochMillis, 1000);
        int at = chars.length - 4;
        chars[at] = (char) ('0' + ms / 100);
        chars[at + 1] = (char) ('0' + ms / 10 % 10);
        chars[at + 2] = (char) ('0' + ms % 10);
        last = new String(chars);
        return last;
    }
}
