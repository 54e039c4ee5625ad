package io.logpipe.indexer.filter.plugin;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;

/** Logstash's {@code grok} filter. (Placeholder: being written.) */
public final class Grok implements Filter {
    public Grok(Options options) {
        throw options.error("match", "grok is not written yet");
    }

    @Override
    public boolean filter(Event event) {
        return false;
    }
}
