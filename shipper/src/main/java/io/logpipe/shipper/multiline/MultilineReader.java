package io.logpipe.shipper.multiline;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpipe.shipper.tail.Message;
import io.logpipe.shipper.tail.MessageReader;

/**
 * Joins lines into events with the Logstash multiline codec's semantics: a line "matches" when the pattern is
 * found anywhere in it, XOR {@code negate}; with {@code previous} a matching line joins the event before it,
 * with {@code next} a matching line joins the line after it. Lines are joined with {@code \n}.
 *
 * <p>When adding a line would exceed max-lines or max-bytes, the pending event is emitted flagged
 * {@link Message#MAX_LINES_REACHED} / {@link Message#MAX_BYTES_REACHED} and the line starts the next event;
 * nothing is dropped. A pending event is emitted once {@code flushInterval} passed without a new line. Pieces
 * of an over-long line are not joined: each is emitted on its own, after the pending event.
 */
public final class MultilineReader implements MessageReader {
    private final MessageReader lines;
    private final Matcher matcher;
    /** The pattern matches at the start of a line or nowhere: lookingAt() instead of find(). */
    private final boolean anchored;
    /** When anchored: per ASCII first character, whether the line may match at all (else null). */
    private final boolean[] possibleFirst;
    private final boolean negate;
    private final boolean previous;
    private final int maxLines;
    private final long maxBytes;
    private final long flushIntervalNanos;
    private final LongSupplier nanoTime;

    /** The pending event's first line, kept whole: most events are one line and need no copy. */
    private Message first;
    /** The joined content once a second line came (first line, then {@code \n} and each further line). */
    private byte[] joined = new byte[1024];
    private int joinedLength;
    private boolean joinedAscii;
    private int pendingLines;
    private long pendingOffset;
    private long pendingEnd;
    private long pendingBytes;
    private long lastLineNanos;
    /**
     * A line was taken since {@link #lastLineNanos} was set: the flush interval starts at the next look at the clock,
     * when the input has run dry (right after the last line, on the caller's next call). Reading the clock for every
     * line took a sixth of the shipper's reading thread.
     */
    private boolean lineSinceClock;
    /** A message decided on together with the one just returned, returned by the next call. */
    private Message deferred;
    private boolean drained;

    /**
     * @param nanoTime monotonic clock for the flush interval (System::nanoTime; tests drive their own)
     */
    public MultilineReader(MessageReader lines, Pattern pattern, boolean negate, boolean previous, int maxLines,
            long maxBytes, long flushIntervalNanos, LongSupplier nanoTime) {
        this.lines = lines;
        this.matcher = pattern.matcher("");
        this.anchored = MultilinePattern.anchoredAtStart(pattern);
        this.possibleFirst = anchored ? MultilinePattern.possibleFirstCharacters(pattern) : null;
        this.negate = negate;
        this.previous = previous;
        this.maxLines = Math.max(1, maxLines);
        this.maxBytes = maxBytes;
        this.flushIntervalNanos = flushIntervalNanos;
        this.nanoTime = nanoTime;
    }

    /** True while lines are held in a pending event (they are not part of any shipped offset yet). */
    public boolean pending() {
        return pendingLines > 0;
    }

    @Override
    public Message next() throws IOException {
        while (true) {
            if (deferred != null) {
                Message m = deferred;
                deferred = null;
                return m;
            }
            Message line = lines.next();
            if (line == null) {
                if (pendingLines > 0) {
                    long now = nanoTime.getAsLong();
                    if (lineSinceClock) {
                        lastLineNanos = now;
                        lineSinceClock = false;
                    }
                    if (now - lastLineNanos >= flushIntervalNanos) {
                        return emit(0);
                    }
                }
                return null;
            }
            Message out = accept(line);
            if (out != null) {
                return out;
            }
        }
    }

    @Override
    public Message drain() throws IOException {
        if (deferred == null && !drained) {
            drained = true;
            Message rest = lines.drain();
            if (rest != null) {
                Message out = accept(rest);
                if (out != null) {
                    return out;
                }
            }
        }
        if (deferred != null) {
            Message m = deferred;
            deferred = null;
            return m;
        }
        return pendingLines > 0 ? emit(0) : null;
    }

    private boolean matches(Message line) {
        // A line whose first character cannot start a match skips the regex (most lines of most logs)
        if (possibleFirst != null && line.length() > 0) {
            byte first = line.array()[line.from()];
            if (first >= 0 && !possibleFirst[first]) {
                return false;
            }
        }
        matcher.reset(line.chars());
        return anchored ? matcher.lookingAt() : matcher.find();
    }

    /** Takes one line; returns a finished event (another may be left in {@code deferred}) or null. */
    private Message accept(Message line) {
        lineSinceClock = true;
        if (line.has(Message.SPLIT_LINE)) {
            if (pendingLines > 0) {
                deferred = line;
                return emit(0);
            }
            return line;
        }
        boolean match = matches(line) != negate;
        if (pendingLines == 0) {
            if (previous || match) {
                start(line);
                return null;
            }
            return line;
        }
        if (previous && !match) {
            Message done = emit(0);
            start(line);
            return done;
        }
        int limit = limitFlag(line);
        if (limit != 0) {
            Message full = emit(limit);
            if (previous || match) {
                start(line);
            } else {
                deferred = line;
            }
            return full;
        }
        append(line);
        return previous || match ? null : emit(0);
    }

    private int limitFlag(Message line) {
        if (pendingLines + 1 > maxLines) {
            return Message.MAX_LINES_REACHED;
        }
        if (pendingBytes + 1 + line.contentBytes() > maxBytes) {
            return Message.MAX_BYTES_REACHED;
        }
        return 0;
    }

    private void start(Message line) {
        first = line;
        pendingLines = 1;
        pendingOffset = line.offset();
        pendingEnd = line.endOffset();
        pendingBytes = line.contentBytes();
    }

    private void append(Message line) {
        if (pendingLines == 1) {
            joinedLength = 0;
            joinedAscii = first.ascii();
            join(first);
        }
        ensure(1 + line.length());
        joined[joinedLength++] = '\n';
        join(line);
        joinedAscii &= line.ascii();
        pendingLines++;
        pendingEnd = line.endOffset();
        pendingBytes += 1 + line.contentBytes();
    }

    private void join(Message line) {
        ensure(line.length());
        System.arraycopy(line.array(), line.from(), joined, joinedLength, line.length());
        joinedLength += line.length();
    }

    private void ensure(int more) {
        if (joinedLength + more > joined.length) {
            joined = Arrays.copyOf(joined, Math.max(joined.length * 2, joinedLength + more));
        }
    }

    private Message emit(int flags) {
        Message m;
        if (pendingLines == 1 && flags == 0 && first.flags() == 0) {
            m = first;
        } else if (pendingLines == 1) {
            m = first.withBounds(pendingOffset, pendingEnd, pendingBytes, first.flags() | flags);
        } else {
            // A view of the joined bytes: the next event is joined only on a later call (a line is appended when
            // the one after it arrived), after the caller used this one.
            m = new Message(joined, 0, joinedLength, joinedAscii, pendingOffset, pendingEnd, pendingBytes,
                    pendingLines, flags);
            if (joined.length > 64 * 1024) {
                joined = new byte[1024];
            }
        }
        first = null;
        pendingLines = 0;
        return m;
    }
}
