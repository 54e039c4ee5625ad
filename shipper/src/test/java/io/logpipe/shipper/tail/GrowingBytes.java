package io.logpipe.shipper.tail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** An in-memory file that tests append to, read by position like a FileSource. */
final class GrowingBytes implements ByteSource {
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    int reads;
    /** The bytes so far, made again after an append. */
    private byte[] all;
    /** At most this many bytes per read (a tail that catches the writer mid-line). */
    int maxRead = Integer.MAX_VALUE;

    GrowingBytes append(String text) {
        return append(text.getBytes(StandardCharsets.UTF_8));
    }

    GrowingBytes append(byte[] bytes) {
        data.writeBytes(bytes);
        all = null;
        return this;
    }

    @Override
    public int read(long position, byte[] into, int offset, int length) {
        reads++;
        if (all == null) {
            all = data.toByteArray();
        }
        int n = (int) Math.max(0, Math.min(Math.min(length, maxRead), all.length - position));
        System.arraycopy(all, (int) position, into, offset, n);
        return n;
    }
}
