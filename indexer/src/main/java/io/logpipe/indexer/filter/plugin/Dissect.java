package io.logpipe.indexer.filter.plugin;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;

/** Logstash's {@code dissect} filter. (Placeholder: being written.) */
public final class Dissect implements Filter {
    public Dissect(Options options) {
        throw options.error("match", "dissect is not written yet");
    }

    @Override
    public boolean filter(Event event) {
        return false;
    }
}
