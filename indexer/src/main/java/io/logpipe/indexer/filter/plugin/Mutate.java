package io.logpipe.indexer.filter.plugin;

import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;
import io.logpipe.indexer.filter.Options;

/** Logstash's {@code mutate} filter. (Placeholder: being written.) */
public final class Mutate implements Filter {
    public Mutate(Options options) {
        throw options.error("match", "mutate is not written yet");
    }

    @Override
    public boolean filter(Event event) {
        return false;
    }
}
