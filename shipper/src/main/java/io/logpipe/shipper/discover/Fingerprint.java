package io.logpipe.shipper.discover;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A hash of a file's first line (at most {@value #MAX_LENGTH} bytes), which tells a file from a later one that
 * got the same inode. Its length is fixed by the content itself (up to the first newline), so the same bytes
 * always give the same fingerprint, and it exists as soon as the first line is complete, before any event of
 * the file can be shipped.
 */
public record Fingerprint(int length, long hash) {
    public static final int MAX_LENGTH = 1024;

    /** The fingerprint of the file, or null while its first line is still incomplete. */
    public static Fingerprint of(FileChannel channel) throws IOException {
        byte[] head = read(channel, MAX_LENGTH);
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                return new Fingerprint(i + 1, hash(head, i + 1));
            }
        }
        return head.length == MAX_LENGTH ? new Fingerprint(MAX_LENGTH, hash(head, MAX_LENGTH)) : null;
    }

    /** Whether the file still starts with the bytes this fingerprint was taken from. */
    public boolean matches(FileChannel channel) throws IOException {
        byte[] head = read(channel, length);
        return head.length == length && hash(head, length) == hash;
    }

    private static byte[] read(FileChannel channel, int max) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(max);
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position()) <= 0) {
                break;
            }
        }
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
    }

    private static long hash(byte[] bytes, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, length);
            byte[] d = sha.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xFF);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
