package io.logpipe.e2e.support;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Application log events as a Java service writes them: a first line that starts with its timestamp (a
 * digit), and for errors a stack trace whose lines do not. The classic multiline rule
 * {@code pattern "^\d", negate true, what previous} joins each such event into one.
 *
 * <p>Every event carries {@code run=<run> seq=<n>} in its first line, so a test can find it again.
 */
public final class AppLog {
    /** The multiline rule that turns these lines back into events (the classic Logstash one). */
    public static final String MULTILINE_PATTERN = "^\\d";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");

    private AppLog() {
    }

    /** A one-line event. */
    public static String line(String run, long seq) {
        return LocalDateTime.now().format(TIME) + " INFO  [worker-" + (seq % 8) + "] io.example.checkout.OrderService - run="
                + run + " seq=" + String.format("%08d", seq) + " order accepted amount=" + (seq % 997) + "." + (seq % 100);
    }

    /** The lines of one event; with a stack trace (and its cause) when {@code error}. */
    public static List<String> event(String run, long seq, boolean error) {
        List<String> lines = new ArrayList<>();
        if (!error) {
            lines.add(line(run, seq));
            return lines;
        }
        lines.add(LocalDateTime.now().format(TIME) + " ERROR [worker-" + (seq % 8) + "] io.example.checkout.OrderService - run="
                + run + " seq=" + String.format("%08d", seq) + " payment failed");
        lines.add("java.lang.IllegalStateException: payment provider answered 503 for order " + seq);
        lines.add("\tat io.example.checkout.PaymentClient.charge(PaymentClient.java:88)");
        lines.add("\tat io.example.checkout.OrderService.place(OrderService.java:41)");
        lines.add("\tat java.base/java.lang.Thread.run(Thread.java:840)");
        lines.add("Caused by: java.net.SocketTimeoutException: Read timed out");
        lines.add("\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)");
        lines.add("\t... 3 more");
        return lines;
    }

    /** The message the shipper makes of an event's lines. */
    public static String message(List<String> lines) {
        return String.join("\n", lines);
    }

    /** The {@code seq} of a line or message, or -1. */
    public static long seq(String text) {
        Matcher m = SEQ.matcher(text == null ? "" : text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The events the multiline rule makes of a whole log text (a line starting with a digit begins an event,
     * every other line joins the one before): the expectation for a prepared file such as the sample log.
     */
    public static List<String> events(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        List<String> events = new ArrayList<>();
        StringBuilder current = null;
        for (String line : body.split("\n", -1)) {
            boolean starts = !line.isEmpty() && Character.isDigit(line.charAt(0));
            if (starts || current == null) {
                if (current != null) {
                    events.add(current.toString());
                }
                current = new StringBuilder(line);
            } else {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            events.add(current.toString());
        }
        return events;
    }
}
