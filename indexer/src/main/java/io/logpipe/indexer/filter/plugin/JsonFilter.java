package io.logpipe.indexer.filter.plugin;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;

/** Logstash's {@code json} filter. (Placeholder: being written.) */
public final class JsonFilter implements Filter {
    public JsonFilter(Options options) {
        throw options.error("match", "json is not written yet");
    }

    @Override
    public boolean filter(Event event) {
        return false;
    }
}
