/**
 * The filter plugins, one class each, named as in Logstash.
 *
 * <p>Contract: a plugin's constructor takes its {@link io.logpipe.common.lscl.Options}, reads every option it
 * supports (with Logstash's defaults), validates them and compiles what it can (patterns, templates, field
 * references), throwing {@link io.logpipe.common.lscl.ConfigException} at the option's line for a bad value; it
 * does not read the common options ({@code add_field}, {@code add_tag}, {@code remove_field},
 * {@code remove_tag}, {@code id}, {@code enable_metric}, {@code periodic_flush}), which the pipeline applies.
 * {@link io.logpipe.indexer.filter.Filter#filter} is thread-safe, returns whether it matched, and on failure tags
 * the event with the plugin's {@code tag_on_failure} and returns false; it never loses the event.
 */
package io.logpipe.indexer.filter.plugin;
