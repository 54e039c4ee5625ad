package io.logpipe.shipper.tail;

import static io.logpipe.common.Swar.HIGHS;
import static io.logpipe.common.Swar.LONGS;

import java.io.IOException;

import io.logpipe.common.Swar;

/**
 * Frames bytes into lines: split on {@code \n}, strip one trailing {@code \r}, strip a UTF-8 BOM at offset 0,
 * keep the content as UTF-8 bytes, replacing invalid sequences with U+FFFD ({@link Utf8}). A line is returned only once its {@code \n} has been
 * read; a line longer than {@code maxLineBytes} is returned in pieces of at most that size (cut on a character
 * boundary), each flagged {@link Message#SPLIT_LINE}, so memory stays bounded whatever the input.
 *
 * <p>Framing works on bytes in one buffer; a line is returned as a view of it (copied, and decoded, only when its
 * bytes are not valid UTF-8). A returned line stays valid until the call after the next one: when the buffer must
 * make room, the unfinished line moves into a second buffer (the two take turns) rather than to the start of the
 * same one, so the line returned just before is still there while the next is read. That is what a
 * {@link io.logpipe.shipper.multiline.MultilineReader} needs to decide on a line once it saw the next one, without
 * a copy.
 */
public final class LineReader implements MessageReader {
    /** Told about input worth a log line; called on the reading thread. */
    public interface Observer {
        void invalidUtf8(long lineOffset);

        void splitLine(long lineOffset);

        Observer NONE = new Observer() {
            @Override
            public void invalidUtf8(long lineOffset) {
            }

            @Override
            public void splitLine(long lineOffset) {
            }
        };
    }

    static final int INITIAL_BUFFER = 128 * 1024;
    private static final long NEWLINES = Swar.repeated('\n');

    private final ByteSource source;
    private final int maxLineBytes;
    private final Observer observer;
    private byte[] buf;
    /** The buffer before the last move, the next move's target: it may hold the line returned last. */
    private byte[] spare;
    /** File offset of buf[0]. */
    private long bufOffset;
    /** Start of the current (unfinished) line in buf. */
    private int start;
    /** Bytes before this index (from start) are known to hold no newline. */
    private int scanned;
    /**
     * Whether a scanned byte of the current line may be 0x80 or above: when not, the line is ASCII, valid UTF-8
     * without a check. The newline search finds it out on the way, 8 bytes at a time (the profile of the shipper
     * had the separate UTF-8 check at a third of the reading thread).
     */
    private boolean highBits;
    /** End of valid data in buf. */
    private int limit;
    /** The current line already had pieces returned: its remaining bytes are a piece too. */
    private boolean splitting;
    private boolean ended;
    private final boolean[] invalid = new boolean[1];

    /** @param startOffset file offset the source will be read from (also the offset of the first line) */
    public LineReader(ByteSource source, long startOffset, int maxLineBytes, Observer observer) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("max-line-bytes must be at least 4, got " + maxLineBytes);
        }
        this.source = source;
        this.maxLineBytes = maxLineBytes;
        this.observer = observer;
        this.buf = new byte[Math.min(INITIAL_BUFFER, maxLineBytes + 1)];
        this.bufOffset = startOffset;
    }

    /** File offset of the next byte the source will be asked for (everything before it has been read). */
    public long readOffset() {
        return bufOffset + limit;
    }

    /** File offset where the line being assembled starts (everything before it was returned as lines). */
    public long lineOffset() {
        return bufOffset + start;
    }

    /** True when bytes of an unfinished line are held. */
    public boolean holdsPartialLine() {
        return limit > start;
    }

    /** True once a stream source said it has ended. */
    public boolean ended() {
        return ended;
    }

    @Override
    public Message next() throws IOException {
        while (true) {
            int newline = indexOfNewline(start + scanned, limit);
            if (newline >= 0) {
                return line(newline);
            }
            scanned = limit - start;
            if (scanned >= maxLineBytes) {
                return piece();
            }
            if (!fill()) {
                return null;
            }
        }
    }

    /** The unfinished last line of input that will never get its newline, or null. */
    @Override
    public Message drain() {
        if (limit == start) {
            return null;
        }
        int end = limit;
        int contentEnd = buf[end - 1] == '\r' ? end - 1 : end;
        Message m = make(start, contentEnd, end, splitting, false);
        splitting = false;
        start = end;
        scanned = 0;
        highBits = false;
        return m;
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        long high = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(b, i);
            long found = Swar.equalMarks(word, NEWLINES);
            if (found != 0) {
                int before = Swar.firstMarked(found);
                high |= word & ((1L << (before << 3)) - 1);
                highBits |= (high & HIGHS) != 0;
                return i + before;
            }
            high |= word;
        }
        highBits |= (high & HIGHS) != 0;
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
            highBits |= b[i] < 0;
        }
        return -1;
    }

    private Message line(int newline) {
        int contentEnd = newline;
        if (contentEnd > start && buf[contentEnd - 1] == '\r') {
            contentEnd--;
        }
        Message m = make(start, contentEnd, newline + 1, splitting, !highBits);
        splitting = false;
        start = newline + 1;
        scanned = 0;
        highBits = false;
        return m;
    }

    private Message piece() {
        int cut = start + maxLineBytes;
        // Never cut inside a character: it would decode to U+FFFD in both pieces.
        for (int i = cut - 1; i >= cut - 3 && i > start; i--) {
            int b = buf[i] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (i + length > cut) {
                cut = i;
            }
            break;
        }
        if (!splitting) {
            observer.splitLine(bufOffset + start);
        }
        Message m = make(start, cut, cut, true, false);
        splitting = true;
        start = cut;
        scanned = 0;
        highBits = false;
        return m;
    }

    /** @param ascii every byte is known to be below 0x80 */
    private Message make(int from, int contentEnd, int end, boolean split, boolean ascii) {
        long offset = bufOffset + from;
        int contentStart = from;
        if (offset == 0 && contentEnd - from >= 3 && (buf[from] & 0xFF) == 0xEF && (buf[from + 1] & 0xFF) == 0xBB
                && (buf[from + 2] & 0xFF) == 0xBF) {
            contentStart += 3;
        }
        int length = contentEnd - contentStart;
        int flags = split ? Message.SPLIT_LINE : 0;
        int kind = ascii ? Utf8.ASCII : Utf8.check(buf, contentStart, length);
        if (kind != Utf8.INVALID) {
            return new Message(buf, contentStart, length, kind == Utf8.ASCII, offset, bufOffset + end, length, 1,
                    flags);
        }
        observer.invalidUtf8(offset);
        String text = Utf8.decode(buf, contentStart, length, invalid);
        return new Message(text, offset, bufOffset + end, length, 1, flags);
    }

    /** Reads more bytes after {@code limit}; false when none are available now. */
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        makeRoom();
        int n = source.read(bufOffset + limit, buf, limit, buf.length - limit);
        if (n < 0) {
            ended = true;
            return false;
        }
        if (n == 0) {
            return false;
        }
        limit += n;
        return true;
    }

    /**
     * Moves the unfinished line to the start of a buffer (the spare one, so the line returned last stays intact)
     * when the buffer is full or its first half is done with; grows the buffer when the line fills it alone.
     */
    private void makeRoom() {
        int held = limit - start;
        if (start > 0 && (limit == buf.length || start >= buf.length / 2)) {
            // A buffer that grew for one long line goes back to its normal size once that line is done.
            int size = buf.length > INITIAL_BUFFER && held < INITIAL_BUFFER / 2 ? INITIAL_BUFFER : buf.length;
            byte[] target = spare != null && spare.length == size ? spare : new byte[size];
            moveTo(target, held);
        }
        if (limit == buf.length) {
            // Room for one whole maximal line plus a read, never more: memory stays bounded by max-line-bytes.
            // (start is 0 here: no line was returned from this buffer since the last move, so the spare still holds
            // the line returned last; the grown array is new.)
            int max = maxLineBytes + Math.min(INITIAL_BUFFER, maxLineBytes);
            byte[] grown = new byte[(int) Math.min(max, Math.max(buf.length * 2L, buf.length + 1L))];
            byte[] keep = spare;
            moveTo(grown, held);
            spare = keep;
        }
    }

    private void moveTo(byte[] target, int held) {
        System.arraycopy(buf, start, target, 0, held);
        spare = buf;
        buf = target;
        bufOffset += start;
        limit = held;
        start = 0;
    }
}
