package io.logpipe.shipper.tail;

import java.io.IOException;

/**
 * One stage of a file's reader chain (line reader, then the optional multiline reader). Pull-based and
 * non-blocking: the shipper's pipeline thread asks each file in turn for what is ready now.
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
