package io.logpipe.indexer.filter.plugin;

import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;
import io.logpipe.indexer.filter.Options;

/** Logstash's {@code kv} filter. (Placeholder: being written.) */
public final class Kv implements Filter {
    public Kv(Options options) {
        throw options.error("match", "kv is not written yet");
    }

    @Override
    public boolean filter(Event event) {
        return false;
    }
}
