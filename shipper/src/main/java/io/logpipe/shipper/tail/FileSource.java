package io.logpipe.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A file read by position through one open channel, which keeps a renamed or deleted file readable. */
public final class FileSource implements ByteSource {
    private final FileChannel channel;

    public FileSource(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(long position, byte[] into, int offset, int length) throws IOException {
        int n = channel.read(ByteBuffer.wrap(into, offset, length), position);
        // End of file is only "nothing yet": the file may grow.
        return Math.max(n, 0);
    }
}
