package io.logpipe.shipper.tail;

import java.io.IOException;

/**
 * One stage of a file's reader chain (line reader, then the optional multiline reader). Pull-based and
 * non-blocking: the shipper's pipeline thread asks each file in turn for what is ready now.
 *
 * <p>A returned message's bytes may be a view of the reader's buffer: they stay valid until the next call to
 * {@link #next()} or {@link #drain()} (a {@link LineReader}'s, until the call after that one), so a caller uses the
 * message at once or keeps a {@link Message#copy()}.
 */
public interface MessageReader {
    /**
     * The next complete message, or {@code null} when none is ready yet (more bytes, or more time for a
     * time-based flush, are needed). Never blocks waiting for data.
     */
    Message next() throws IOException;

    /**
     * What is held back, one message per call until {@code null}, because no more input will ever come (the
     * file is gone and was read to its end). Only called once {@link #next()} returned null; after it the
     * reader is not used again.
     */
    Message drain() throws IOException;
}
