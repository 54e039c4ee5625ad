package io.logpipe.indexer.filter;

/**
 * One configured plugin instance, compiled at start-up. Instances are shared by all workers: {@link #filter} must
 * be thread-safe (keep per-call state on the stack or in a {@link ThreadLocal}).
 */
public interface Filter {
    /**
     * Applies the plugin to the event. Returns true when it "matched" in Logstash's sense ({@code filter_matched}):
     * only then are the common options ({@code add_field}, {@code add_tag}, {@code remove_field},
     * {@code remove_tag}) applied. A plugin that fails tags the event itself and returns false. It may cancel the
     * event ({@link Event#cancel()}); it may throw, and the pipeline then tags the event {@code _filter_error}.
     */
    boolean filter(Event event);
}
