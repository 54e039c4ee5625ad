package io.logpipe.shipper.tail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** An in-memory file that tests append to, read by position like a FileSource. */
final class GrowingBytes implements ByteSource {
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    int reads;

    GrowingBytes append(String text) {
        return append(text.getBytes(StandardCharsets.UTF_8));
    }

    GrowingBytes append(byte[] bytes) {
        data.writeBytes(bytes);
        return this;
    }

    @Override
    public int read(long position, byte[] into, int offset, int length) {
        reads++;
        byte[] all = data.toByteArray();
        int n = (int) Math.max(0, Math.min(length, all.length - position));
        System.arraycopy(all, (int) position, into, offset, n);
        return n;
    }
}
