package io.logpipe.shipper.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic event ids: {@code event.id} = a 96-bit key of the source (host and file identity, or host and
 * process for stdin) followed by the 64-bit offset (or sequence number), 40 hex digits. Reading the same bytes
 * of the same file again yields the same id, so a redelivered event collapses in Elasticsearch; different
 * offsets of one source can never collide.
 */
public final class EventIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {
    }

    /** The key of one source, from its identifying parts (in order). */
    public static String sourceKey(Object... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Object part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        byte[] digest = sha.digest();
        char[] out = new char[24];
        for (int i = 0; i < 12; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(out);
    }

    /** The id of the event starting at {@code offset} of the source with this key. */
    public static String id(String sourceKey, long offset) {
        char[] out = new char[sourceKey.length() + 16];
        sourceKey.getChars(0, sourceKey.length(), out, 0);
        int at = sourceKey.length();
        for (int shift = 60; shift >= 0; shift -= 4) {
            out[at++] = HEX[(int) (offset >>> shift) & 0xF];
        }
        return new String(out);
    }
}
