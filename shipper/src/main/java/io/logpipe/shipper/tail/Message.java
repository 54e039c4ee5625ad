package io.logpipe.shipper.tail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One line, line piece or joined multi-line event, with the exact file bytes it was made of.
 *
 * <p>The content is held as UTF-8 bytes, always valid (invalid input was replaced by U+FFFD when it was read), so
 * the event encoder copies it without decoding; {@link #text()} decodes on demand (debug output, patterns over
 * non-ASCII lines). The bytes are a range of an array that, for a message from a {@link MessageReader}, is the
 * reader's own buffer: valid until the reader is called again ({@link MessageReader#next}), so the message is
 * used (encoded) at once, or {@link #copy() copied} to be kept. Not copying each line out of the read buffer (and
 * encoding each event into its batch's command as it is added) took a sixth off the shipper's CPU: the copies,
 * the zeroing of their arrays, their young collections (bench/shipper-ab, 2M lines, 4 rounds: 0.95-1.10 CPU-s
 * after the first event instead of 1.15-1.33).
 */
public final class Message {
    /** A piece of a line longer than max-line-bytes. */
    public static final int SPLIT_LINE = 1;
    /** The multiline event was cut because the next line would exceed max-lines. */
    public static final int MAX_LINES_REACHED = 2;
    /** The multiline event was cut because the next line would exceed max-bytes. */
    public static final int MAX_BYTES_REACHED = 4;

    private final byte[] bytes;
    private final int from;
    private final int length;
    private final boolean ascii;
    private final long offset;
    private final long endOffset;
    private final long contentBytes;
    private final int lines;
    private final int flags;
    private String text;

    /**
     * @param bytes holds the content, valid UTF-8 (no line terminator, no BOM), from index {@code from} on
     * @param from index of the content's first byte in {@code bytes}
     * @param length bytes of content
     * @param ascii true when every byte of the content is below 0x80
     * @param offset file offset of the first byte of the first line it was made of
     * @param endOffset file offset just past the last byte it consumed (its newline included)
     * @param contentBytes bytes of the content as read (terminators and BOM excluded; joined events count one per
     *     join)
     * @param lines how many lines (or pieces) it joins
     * @param flags {@link #SPLIT_LINE}, {@link #MAX_LINES_REACHED}, {@link #MAX_BYTES_REACHED}
     */
    public Message(byte[] bytes, int from, int length, boolean ascii, long offset, long endOffset, long contentBytes,
            int lines, int flags) {
        this.bytes = bytes;
        this.from = from;
        this.length = length;
        this.ascii = ascii;
        this.offset = offset;
        this.endOffset = endOffset;
        this.contentBytes = contentBytes;
        this.lines = lines;
        this.flags = flags;
    }

    /** A message from decoded text (invalid UTF-8 replaced, tests); it owns its bytes. */
    public Message(String text, long offset, long endOffset, long contentBytes, int lines, int flags) {
        this(text.getBytes(StandardCharsets.UTF_8), offset, endOffset, contentBytes, lines, flags);
        this.text = text;
    }

    private Message(byte[] owned, long offset, long endOffset, long contentBytes, int lines, int flags) {
        this(owned, 0, owned.length, false, offset, endOffset, contentBytes, lines, flags);
    }

    /** The same message with bytes of its own, to be kept after its reader was called again. */
    public Message copy() {
        Message m = new Message(Arrays.copyOfRange(bytes, from, from + length), 0, length, ascii, offset, endOffset,
                contentBytes, lines, flags);
        m.text = text;
        return m;
    }

    /** The same content and flags with other bounds in the file (a multiline event of one line). */
    public Message withBounds(long offset, long endOffset, long contentBytes, int flags) {
        Message m = new Message(bytes, from, length, ascii, offset, endOffset, contentBytes, lines, flags);
        m.text = text;
        return m;
    }

    /** The array holding the content (valid UTF-8 from {@link #from()} for {@link #length()} bytes); read only. */
    public byte[] array() {
        return bytes;
    }

    /** Index of the content's first byte in {@link #array()}. */
    public int from() {
        return from;
    }

    /** Bytes of content. */
    public int length() {
        return length;
    }

    /** True when the content is plain ASCII: one byte per character. */
    public boolean ascii() {
        return ascii;
    }

    /** The decoded content (computed once, on first use). */
    public String text() {
        String t = text;
        if (t == null) {
            t = new String(bytes, from, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }

    /** The content as characters for pattern matching: a view over the bytes when they are ASCII, no copy. */
    public CharSequence chars() {
        return ascii && text == null ? new AsciiChars(bytes, from, from + length) : text();
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public long offset() {
        return offset;
    }

    public long endOffset() {
        return endOffset;
    }

    public long contentBytes() {
        return contentBytes;
    }

    public int lines() {
        return lines;
    }

    public int flags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean multiline() {
        return lines > 1;
    }

    @Override
    public String toString() {
        return "Message[offset=" + offset + ", endOffset=" + endOffset + ", lines=" + lines + ", flags=" + flags
                + ", text=" + text() + "]";
    }

    /** ASCII bytes seen as characters. */
    private record AsciiChars(byte[] bytes, int from, int to) implements CharSequence {
        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return (char) bytes[from + Objects.checkIndex(index, to - from)];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new AsciiChars(bytes, from + start, from + end);
        }

        @Override
        public String toString() {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AsciiChars a && Arrays.equals(bytes, from, to, a.bytes, a.from, a.to);
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }
    }
}
