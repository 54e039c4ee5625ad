package io.logpipe.indexer.bulk;

import java.util.Arrays;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The NDJSON body of one {@code _bulk} request, in one reused byte array: documents are copied in once, never
 * re-serialized, and the array is kept for the next batch.
 */
final class BulkBody {
    /** Bodies above this are not kept for the next batch (one batch of huge events must not pin memory). */
    private static final int KEEP_AT_MOST = 32 * 1024 * 1024;
    private static final int INITIAL = 1024 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private int size;
    private String lastIndex;
    private byte[] lastIndexBytes;

    void reset() {
        size = 0;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = new byte[INITIAL];
        }
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    /** {@code {"<action>":{"_index":"<index>","_id":"<id>"[,"pipeline":"<pipeline>"]}}\n} */
    void actionLine(String action, String index, String id, String pipeline) {
        append('{');
        append('"');
        ascii(action);
        ascii("\":{\"_index\":\"");
        if (!index.equals(lastIndex)) {
            lastIndex = index;
            lastIndexBytes = JsonStringEncoder.getInstance().quoteAsUTF8(index);
        }
        append(lastIndexBytes, 0, lastIndexBytes.length);
        ascii("\",\"_id\":\"");
        if (plainAscii(id)) {
            ascii(id);
        } else {
            byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(id);
            append(quoted, 0, quoted.length);
        }
        if (pipeline != null) {
            ascii("\",\"pipeline\":\"");
            byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(pipeline);
            append(quoted, 0, quoted.length);
        }
        ascii("\"}}\n");
    }

    /** The document and its line end; a raw line break between JSON tokens becomes a space (same JSON, one line). */
    void sourceLine(byte[] source, boolean mayHoldLineBreaks) {
        ensure(source.length + 1);
        if (mayHoldLineBreaks) {
            byte[] b = bytes;
            int at = size;
            for (byte c : source) {
                b[at++] = c == '\n' ? (byte) ' ' : c;
            }
        } else {
            System.arraycopy(source, 0, bytes, size, source.length);
        }
        size += source.length;
        bytes[size++] = '\n';
    }

    void append(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    private void append(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
    }

    /** A string known to be plain ASCII (one byte per char: the JDK copies it as one block). */
    @SuppressWarnings("deprecation")
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, bytes, size);
        size += n;
    }

    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
