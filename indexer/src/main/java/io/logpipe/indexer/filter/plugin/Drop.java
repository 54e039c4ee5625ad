package io.logpipe.indexer.filter.plugin;

import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;
import io.logpipe.indexer.filter.Options;

/** Logstash's {@code drop} filter. (Placeholder: being written.) */
public final class Drop implements Filter {
    public Drop(Options options) {
        throw options.error("match", "drop is not written yet");
    }

    @Override
    public boolean filter(Event event) {
        return false;
    }
}
