package io.logpipe.shipper.multiline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.logpipe.shipper.tail.LineReader;
import io.logpipe.shipper.tail.Message;
import io.logpipe.shipper.tail.MessageReader;

class MultilineReaderTest {
    private long now;
    private final Lines lines = new Lines();

    /** Lines fed by the test, with offsets as if each line were its text plus a newline. */
    private static final class Lines implements MessageReader {
        final Deque<Message> queue = new ArrayDeque<>();
        long offset;
        Message partial;

        Lines add(String... texts) {
            for (String t : texts) {
                int bytes = t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                queue.add(new Message(t, offset, offset + bytes + 1, bytes, 1, 0));
                offset += bytes + 1;
            }
            return this;
        }

        Lines piece(String text) {
            queue.add(new Message(text, offset, offset + text.length(), text.length(), 1, Message.SPLIT_LINE));
            offset += text.length();
            return this;
        }

        @Override
        public Message next() {
            return queue.poll();
        }

        @Override
        public Message drain() {
            Message p = partial;
            partial = null;
            return p;
        }
    }

    private MultilineReader reader(String pattern, boolean negate, boolean previous, int maxLines, long maxBytes) {
        return new MultilineReader(lines, MultilinePattern.compile(pattern), negate, previous, maxLines, maxBytes,
                TimeUnit.SECONDS.toNanos(5), () -> now);
    }

    private static List<Message> all(MessageReader r) throws IOException {
        List<Message> out = new ArrayList<>();
        Message m;
        while ((m = r.next()) != null) {
            out.add(m.copy()); // a returned event may be a view of the reader's buffer, valid until its next call
        }
        return out;
    }

    @Test
    void previousJoinsMatchingLinesToTheEventBeforeAndHoldsTheLastEventUntilTheFlushInterval() throws IOException {
        MultilineReader r = reader("^\\s", false, true, 500, 1 << 20);
        lines.add("Exception", "  at a", "  at b", "next event");
        List<Message> out = all(r);
        assertEquals(1, out.size());
        assertEquals("Exception\n  at a\n  at b", out.get(0).text());
        assertEquals(0, out.get(0).offset());
        assertEquals(24, out.get(0).endOffset(), "ends just past the last joined line");
        assertEquals(3, out.get(0).lines());
        assertTrue(r.pending());
        now += TimeUnit.SECONDS.toNanos(5) - 1;
        assertNull(r.next());
        now += 1;
        Message flushed = r.next();
        assertEquals("next event", flushed.text());
        assertEquals(0, flushed.flags());
    }

    @Test
    void theFlushIntervalCountsFromTheLastLineAdded() throws IOException {
        MultilineReader r = reader("^\\s", false, true, 500, 1 << 20);
        lines.add("head");
        assertNull(r.next());
        now += TimeUnit.SECONDS.toNanos(4);
        lines.add(" more");
        assertNull(r.next());
        now += TimeUnit.SECONDS.toNanos(4);
        assertNull(r.next(), "4 s after the last line: still pending");
        now += TimeUnit.SECONDS.toNanos(1);
        assertEquals("head\n more", r.next().text());
    }

    @Test
    void nextJoinsMatchingLinesToTheLineAfter() throws IOException {
        MultilineReader r = reader("\\\\$", false, false, 500, 1 << 20);
        lines.add("a \\", "b \\", "c", "single");
        assertEquals(List.of("a \\\nb \\\nc", "single"), all(r).stream().map(Message::text).toList());
    }

    @Test
    void joinsLinesOfARealLineReaderWhoseBufferMovesWhileAnEventIsPending() throws IOException {
        // The pending first line is a view of the line reader's buffer: it must survive the reads (and buffer
        // moves) until the next line decides on it, also while the input runs dry in between.
        Random random = new Random(11);
        StringBuilder input = new StringBuilder();
        List<String> expected = new ArrayList<>();
        while (input.length() < 4_000_000) {
            StringBuilder event = new StringBuilder("event " + expected.size() + " " + "x".repeat(random.nextInt(300)));
            for (int i = random.nextInt(4) == 0 ? 1 + random.nextInt(30) : 0; i > 0; i--) {
                // now and then a continuation line of up to most of the line reader's buffer (128 KiB)
                int length = random.nextInt(15) == 0 ? random.nextInt(120_000) : random.nextInt(120);
                event.append("\n\tat frame ").append(i).append(" ").append("y".repeat(length));
            }
            expected.add(event.toString());
            input.append(event).append('\n');
        }
        byte[] data = input.toString().getBytes(StandardCharsets.UTF_8);
        int[] available = {0};
        LineReader lineReader = new LineReader((position, into, offset, length) -> {
            int n = (int) Math.min(length, available[0] - position);
            System.arraycopy(data, (int) position, into, offset, n);
            return n;
        }, 0, 1 << 20, LineReader.Observer.NONE);
        MultilineReader r = new MultilineReader(lineReader, MultilinePattern.compile("^\\s"), false, true, 500,
                1 << 20, TimeUnit.SECONDS.toNanos(5), () -> now);
        List<String> got = new ArrayList<>();
        while (available[0] < data.length) {
            available[0] = Math.min(data.length, available[0] + 1 + random.nextInt(20_000));
            for (Message m; (m = r.next()) != null; ) {
                got.add(m.text());
            }
        }
        got.add(r.drain().text());
        assertNull(r.drain());
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), got.get(i), "event " + i);
        }
    }

    @Test
    void maxLinesEmitsTheEventTaggedAndStartsTheNextWithTheLine() throws IOException {
        MultilineReader r = reader("^-", false, true, 3, 1 << 20);
        lines.add("-1", "-2", "-3", "-4", "-5");
        List<Message> out = all(r);
        assertEquals(1, out.size());
        assertEquals("-1\n-2\n-3", out.get(0).text());
        assertTrue(out.get(0).has(Message.MAX_LINES_REACHED));
        Message rest = r.drain();
        assertEquals("-4\n-5", rest.text());
        assertEquals(0, rest.flags());
    }

    @Test
    void maxBytesCountsTheJoinedMessage() throws IOException {
        MultilineReader r = reader("^-", false, true, 100, 9);
        lines.add("-abc", "-def", "-ghi");
        Message first = all(r).get(0);
        assertEquals("-abc\n-def", first.text());
        assertEquals(9, first.contentBytes());
        assertTrue(first.has(Message.MAX_BYTES_REACHED));
    }

    @Test
    void inNextModeALimitedEventIsFollowedByTheLineOnItsOwnWhenItEndsAnEvent() throws IOException {
        MultilineReader r = reader("\\+$", false, false, 2, 1 << 20);
        lines.add("a+", "b+", "c");
        List<Message> out = all(r);
        assertEquals(List.of("a+\nb+", "c"), out.stream().map(Message::text).toList());
        assertTrue(out.get(0).has(Message.MAX_LINES_REACHED));
        assertEquals(0, out.get(1).flags());
    }

    @Test
    void piecesOfASplitLineAreNotJoinedButFollowThePendingEvent() throws IOException {
        MultilineReader r = reader("^\\s", false, true, 500, 1 << 20);
        lines.add("head", " cont").piece("xxxx").piece("yy");
        List<Message> out = all(r);
        assertEquals(List.of("head\n cont", "xxxx", "yy"), out.stream().map(Message::text).toList());
        assertTrue(out.get(1).has(Message.SPLIT_LINE));
    }

    @Test
    void drainEmitsThePendingEventAndTheUnterminatedLine() throws IOException {
        MultilineReader r = reader("^\\s", false, true, 500, 1 << 20);
        lines.add("head", " cont");
        assertNull(r.next());
        lines.partial = new Message(" tail", lines.offset, lines.offset + 5, 5, 1, 0);
        assertEquals("head\n cont\n tail", r.drain().text());
        assertNull(r.drain());
    }
}
