package io.logpipe.indexer.filter.plugin;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;

/** Logstash's {@code date} filter. (Placeholder: being written.) */
public final class DateFilter implements Filter {
    public DateFilter(Options options) {
        throw options.error("match", "date is not written yet");
    }

    @Override
    public boolean filter(Event event) {
        return false;
    }
}
