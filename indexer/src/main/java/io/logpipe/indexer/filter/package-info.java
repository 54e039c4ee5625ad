/**
 * The filter stage: Logstash's {@code filter { }} language run by the indexer's workers between claiming a batch
 * and building the bulk request (DESIGN.md, "Filter stage").
 *
 * <p>Contract: {@link io.logpipe.indexer.filter.FilterPipeline} compiles a parsed file once at start-up into a
 * tree of plugin instances ({@link io.logpipe.indexer.filter.plugin}) and conditionals, refusing what cannot run
 * with its file, line and column; the one tree is shared by all workers. {@link io.logpipe.indexer.filter.FilterStage}
 * turns one element into at most one document: it never loses an event (a plugin that does not match tags it; an
 * exception inside a plugin tags it {@code _filter_error}); only a {@code drop} removes one, and its element is
 * settled with its batch like an indexed one. Index name, {@code _id} and ingest pipeline are read from the event as
 * the filters leave it. Without a filter file and input decoration none of this runs.
 */
package io.logpipe.indexer.filter;
