package io.logpipe.shipper.tail;

import java.io.IOException;

/** Where a {@link LineReader} gets its bytes: a file read by position, or a stream such as stdin. */
public interface ByteSource {
    /**
     * Reads up to {@code length} bytes found at {@code position} (ignored by streams) into {@code into}.
     *
     * @return bytes read; 0 when nothing is there yet; -1 when a stream has ended for good
     */
    int read(long position, byte[] into, int offset, int length) throws IOException;
}
