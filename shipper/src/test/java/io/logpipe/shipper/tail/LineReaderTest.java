package io.logpipe.shipper.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LineReaderTest {
    private final List<Long> invalid = new ArrayList<>();
    private final List<Long> split = new ArrayList<>();
    private final LineReader.Observer observer = new LineReader.Observer() {
        @Override
        public void invalidUtf8(long lineOffset) {
            invalid.add(lineOffset);
        }

        @Override
        public void splitLine(long lineOffset) {
            split.add(lineOffset);
        }
    };

    private static List<Message> all(LineReader reader) throws IOException {
        List<Message> out = new ArrayList<>();
        Message m;
        while ((m = reader.next()) != null) {
            out.add(m.copy()); // a returned line is a view of the reader's buffer, valid only for a while
        }
        return out;
    }

    @Test
    void linesCarryTheOffsetsOfTheirFirstByteAndJustPastTheirNewline() throws IOException {
        GrowingBytes file = new GrowingBytes().append("one\ntwo\n\nthree\n");
        List<Message> lines = all(new LineReader(file, 0, 1024, observer));
        assertEquals(List.of("one", "two", "", "three"), lines.stream().map(Message::text).toList());
        assertEquals(List.of(0L, 4L, 8L, 9L), lines.stream().map(Message::offset).toList());
        assertEquals(List.of(4L, 8L, 9L, 15L), lines.stream().map(Message::endOffset).toList());
    }

    @Test
    void aPartialLineIsHeldUntilItsNewlineArrives() throws IOException {
        GrowingBytes file = new GrowingBytes().append("first\nsec");
        LineReader reader = new LineReader(file, 0, 1024, observer);
        assertEquals("first", reader.next().text());
        assertNull(reader.next());
        assertTrue(reader.holdsPartialLine());
        assertEquals(6, reader.lineOffset());
        file.append("ond");
        assertNull(reader.next(), "still no newline");
        file.append("\nthird");
        Message second = reader.next();
        assertEquals("second", second.text());
        assertEquals(6, second.offset());
        assertEquals(13, second.endOffset());
        assertNull(reader.next());
    }

    @Test
    void oneCarriageReturnBeforeTheNewlineIsStripped() throws IOException {
        List<Message> lines = all(new LineReader(new GrowingBytes().append("a\r\nb\r\r\n\r\n"), 0, 1024, observer));
        assertEquals(List.of("a", "b\r", ""), lines.stream().map(Message::text).toList());
    }

    @Test
    void aByteOrderMarkIsStrippedOnlyAtTheStartOfTheFile() throws IOException {
        GrowingBytes file = new GrowingBytes().append(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
                .append("head\n").append(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).append("body\n");
        List<Message> lines = all(new LineReader(file, 0, 1024, observer));
        assertEquals("head", lines.get(0).text());
        assertEquals(0, lines.get(0).offset());
        assertEquals("\uFEFFbody", lines.get(1).text());
    }

    @Test
    void invalidUtf8IsReplacedWithU_FFFDAndReported() throws IOException {
        GrowingBytes file = new GrowingBytes().append(HexFormat.of().parseHex("666f6f20edb981c30a62617220ad0a"))
                .append("ok \uFFFD stays\n");
        List<Message> lines = all(new LineReader(file, 0, 1024, observer));
        assertEquals("foo \uFFFD\uFFFD\uFFFD\uFFFD", lines.get(0).text());
        assertEquals("bar \uFFFD", lines.get(1).text());
        assertEquals("ok \uFFFD stays", lines.get(2).text());
        assertEquals(List.of(0L, 9L), invalid, "an encoded U+FFFD in the input is not invalid input");
    }

    @Test
    void theLineReturnedLastStaysIntactWhileTheNextIsReadThroughBufferMoves() throws IOException {
        // Lines of 1 to 128 Ki bytes over many buffers' worth of input, read in small pieces: the buffer moves its
        // unfinished line many times. The multiline reader relies on the line before staying readable.
        Random random = new Random(7);
        GrowingBytes file = new GrowingBytes();
        List<String> written = new ArrayList<>();
        for (int total = 0; total < 40 * LineReader.INITIAL_BUFFER; ) {
            StringBuilder line = new StringBuilder();
            // now and then a line of up to most of a buffer: moving it overlaps where the line before it was
            int length = 1 + random.nextInt(random.nextInt(20) == 0 ? LineReader.INITIAL_BUFFER : 200);
            for (int i = 0; i < length; i++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            written.add(line.toString());
            file.append(line + "\n");
            total += length + 1;
        }
        file.maxRead = 7777;
        LineReader reader = new LineReader(file, 0, 1 << 20, observer);
        Message previous = null;
        String previousText = null;
        int count = 0;
        for (Message m; (m = reader.next()) != null; count++) {
            if (previous != null) {
                assertEquals(previousText, bytesOf(previous), "line " + (count - 1) + " after the next was read");
            }
            assertEquals(written.get(count), bytesOf(m));
            previous = m;
            previousText = written.get(count);
        }
        assertEquals(written.size(), count);
    }

    private static String bytesOf(Message m) {
        return new String(m.array(), m.from(), m.length(), StandardCharsets.UTF_8);
    }

    @Test
    void aLineLongerThanTheLimitComesInPiecesFlaggedSplitLine() throws IOException {
        GrowingBytes file = new GrowingBytes().append("x".repeat(25) + "\nshort\n");
        List<Message> lines = all(new LineReader(file, 0, 10, observer));
        assertEquals(List.of("x".repeat(10), "x".repeat(10), "x".repeat(5), "short"),
                lines.stream().map(Message::text).toList());
        assertEquals(List.of(true, true, true, false), lines.stream().map(m -> m.has(Message.SPLIT_LINE)).toList());
        assertEquals(List.of(0L, 10L, 20L, 26L), lines.stream().map(Message::offset).toList());
        assertEquals(List.of(10L, 20L, 26L, 32L), lines.stream().map(Message::endOffset).toList());
        assertEquals(List.of(0L), split);
    }

    @Test
    void piecesAreCutBeforeAMultiByteCharacterNotInsideIt() throws IOException {
        // 8 ASCII bytes, then a 3-byte euro sign across the 10-byte limit.
        GrowingBytes file = new GrowingBytes().append("abcdefgh\u20acij\n");
        List<Message> lines = all(new LineReader(file, 0, 10, observer));
        assertEquals(List.of("abcdefgh", "\u20acij"), lines.stream().map(Message::text).toList());
        assertTrue(invalid.isEmpty());
    }

    @Test
    void aHugeLineWithoutNewlineKeepsTheBufferBounded() throws IOException {
        int limit = 64 * 1024;
        GrowingBytes file = new GrowingBytes();
        LineReader reader = new LineReader(file, 0, limit, observer);
        long total = 0;
        int pieces = 0;
        byte[] chunk = "y".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 50; i++) {
            file.append(chunk);
            Message m;
            while ((m = reader.next()) != null) {
                assertTrue(m.text().length() <= limit);
                total += m.endOffset() - m.offset();
                pieces++;
            }
        }
        assertEquals(5_000_000 / limit, pieces);
        assertEquals(5_000_000 - 5_000_000 % limit, total, "all complete pieces returned, the rest is held");
        assertEquals(5_000_000 % limit, reader.readOffset() - reader.lineOffset());
    }

    @Test
    void readingStartsAtTheGivenOffset() throws IOException {
        GrowingBytes file = new GrowingBytes().append("old\nnew\n");
        Message m = new LineReader(file, 4, 1024, observer).next();
        assertEquals("new", m.text());
        assertEquals(4, m.offset());
    }

    @Test
    void drainReturnsTheUnterminatedLastLineOnce() throws IOException {
        LineReader reader = new LineReader(new GrowingBytes().append("a\nlast\r"), 0, 1024, observer);
        assertEquals("a", reader.next().text());
        assertNull(reader.next());
        Message last = reader.drain();
        assertEquals("last", last.text());
        assertEquals(2, last.offset());
        assertEquals(7, last.endOffset());
        assertFalse(last.has(Message.SPLIT_LINE));
        assertNull(reader.drain());
    }

    @Test
    void linesLongerThanTheInitialBufferAreFramedWhole() throws IOException {
        String longLine = "z".repeat(LineReader.INITIAL_BUFFER * 3 + 17);
        GrowingBytes file = new GrowingBytes().append(longLine + "\n" + "after\n");
        List<Message> lines = all(new LineReader(file, 0, 1024 * 1024, observer));
        assertEquals(List.of(longLine, "after"), lines.stream().map(Message::text).toList());
    }

    /**
     * The newline search also tells ASCII lines apart, 8 bytes at a time: a non-ASCII byte anywhere (in the word
     * that holds the previous line's newline, in the tail shorter than a word, in a later chunk of the file) must
     * keep its line off the ASCII path, and nothing after a line's newline may count for it.
     */
    @Test
    void linesAreFlaggedAsciiExactlyWhenEveryByteIsBelow0x80WhateverTheChunking() throws IOException {
        Random random = new Random(20261124);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "\"q\\ ".getBytes(StandardCharsets.UTF_8),
            "é".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8), {(byte) 0xFF}, {(byte) 0xC3},
            "\r".getBytes(StandardCharsets.UTF_8), "\t".getBytes(StandardCharsets.UTF_8)};
        for (int round = 0; round < 300; round++) {
            List<byte[]> expected = new ArrayList<>();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            int lines = 1 + random.nextInt(30);
            for (int l = 0; l < lines; l++) {
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                int parts = random.nextInt(40);
                for (int k = 0; k < parts; k++) {
                    // mostly ASCII, as logs are, so that words without a high byte come before and after one
                    byte[] piece = random.nextInt(10) < 8 ? pieces[random.nextInt(2)] : pieces[random.nextInt(pieces.length)];
                    line.writeBytes(piece);
                }
                byte[] raw = line.toByteArray();
                all.writeBytes(raw);
                all.write('\n');
                boolean carriageReturn = raw.length > 0 && raw[raw.length - 1] == '\r';
                expected.add(carriageReturn ? java.util.Arrays.copyOf(raw, raw.length - 1) : raw); // one is stripped
            }
            byte[] bytes = all.toByteArray();
            if ((bytes[0] & 0xFF) == 0xEF) {
                continue; // a byte order mark would be stripped; other tests cover it
            }
            GrowingBytes file = new GrowingBytes();
            LineReader reader = new LineReader(file, 0, 1024 * 1024, observer);
            List<Message> got = new ArrayList<>();
            for (int at = 0; at < bytes.length;) {
                int chunk = Math.min(bytes.length - at, 1 + random.nextInt(24));
                file.append(java.util.Arrays.copyOfRange(bytes, at, at + chunk));
                at += chunk;
                got.addAll(all(reader));
            }
            assertEquals(expected.size(), got.size(), "lines of round " + round);
            for (int i = 0; i < expected.size(); i++) {
                byte[] content = expected.get(i);
                boolean ascii = true;
                for (byte b : content) {
                    ascii &= b >= 0;
                }
                boolean[] invalidSeen = new boolean[1];
                String text = Utf8.decode(content, 0, content.length, invalidSeen);
                Message m = got.get(i);
                assertEquals(ascii, m.ascii(), "ascii flag of line " + i + " in round " + round + ": " + HexFormat.of().formatHex(content));
                assertEquals(text, m.text(), "text of line " + i + " in round " + round);
                assertEquals(text, m.chars().toString(), "chars of line " + i + " in round " + round);
            }
        }
    }
}
