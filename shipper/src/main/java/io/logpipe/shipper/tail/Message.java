package io.logpipe.shipper.tail;

/**
 * One line, line piece or joined multi-line event, with the exact file bytes it was made of.
 *
 * @param text decoded text (UTF-8, invalid sequences replaced by U+FFFD; no line terminator, no BOM)
 * @param offset file offset of the first byte of the first line it was made of
 * @param endOffset file offset just past the last byte it consumed (its newline included)
 * @param contentBytes bytes of the text as read (terminators and BOM excluded; joined events count one per join)
 * @param lines how many lines (or pieces) it joins
 * @param flags {@link #SPLIT_LINE}, {@link #MAX_LINES_REACHED}, {@link #MAX_BYTES_REACHED}
 */
public record Message(String text, long offset, long endOffset, long contentBytes, int lines, int flags) {
    /** A piece of a line longer than max-line-bytes. */
    public static final int SPLIT_LINE = 1;
    /** The multiline event was cut because the next line would exceed max-lines. */
    public static final int MAX_LINES_REACHED = 2;
    /** The multiline event was cut because the next line would exceed max-bytes. */
    public static final int MAX_BYTES_REACHED = 4;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean multiline() {
        return lines > 1;
    }
}
