package io.logpipe.indexer.claim;

import java.util.List;

/** The elements one worker holds, in the order they were claimed; they stay in Redis until completed. */
public record Batch(List<byte[]> elements) {
    public int size() {
        return elements.size();
    }
}
