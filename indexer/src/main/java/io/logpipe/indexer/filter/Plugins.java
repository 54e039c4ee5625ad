package io.logpipe.indexer.filter;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.plugin.DateFilter;
import io.logpipe.indexer.filter.plugin.Dissect;
import io.logpipe.indexer.filter.plugin.Drop;
import io.logpipe.indexer.filter.plugin.Grok;
import io.logpipe.indexer.filter.plugin.JsonFilter;
import io.logpipe.indexer.filter.plugin.Kv;
import io.logpipe.indexer.filter.plugin.Mutate;

/** The filter plugins logpipe has, by their Logstash names. */
final class Plugins {
    static final Map<String, Function<Options, Filter>> FILTERS = new TreeMap<>(Map.of(
            "grok", Grok::new,
            "dissect", Dissect::new,
            "date", DateFilter::new,
            "json", JsonFilter::new,
            "kv", Kv::new,
            "mutate", Mutate::new,
            "drop", Drop::new));

    private Plugins() {
    }
}
