/**
 * A Logstash pipeline file as the indexer's configuration ({@code indexer.config}, {@code INDEXER_CONFIG},
 * {@code --config FILE}).
 *
 * <p>Contract: {@link io.logpipe.indexer.pipelinefile.PipelineFileSource} turns the file's {@code input} and
 * {@code output} sections into properties that rank above the packaged {@code application.properties} and below
 * environment variables and system properties, so those still apply on top (a Secret can still supply the
 * password); its {@code filter} blocks are compiled by the indexer at start-up like {@code indexer.filter.path}.
 * Anything the indexer does not do stops the start-up with the file, line, column and what it supports instead.
 */
package io.logpipe.indexer.pipelinefile;
