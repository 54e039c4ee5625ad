package io.logpipe.indexer.bulk;

import java.io.IOException;

/** Sends one {@code _bulk} body to Elasticsearch. */
public interface BulkTransport {
    /** The HTTP answer, whatever its status. */
    record Reply(int status, byte[] body) {
    }

    /**
     * Posts {@code length} bytes of {@code body} from {@code offset}; the array is not touched after return.
     *
     * @throws IOException when no HTTP answer came (connection refused, reset, timeout)
     */
    Reply post(byte[] body, int offset, int length) throws IOException;
}
