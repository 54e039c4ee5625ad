/**
 * Logstash's configuration language (LSCL): the syntax tree of a pipeline file and its parser.
 *
 * <p>Contract: {@link io.logpipe.common.lscl.LsclParser#parse} turns the text of a Logstash pipeline file (or a
 * lone {@code filter { ... }} block) into a {@link io.logpipe.common.lscl.Ast.Pipeline}, or throws
 * {@link io.logpipe.common.lscl.ConfigException} naming the file, line and column of the first problem. Every node
 * carries its {@link io.logpipe.common.lscl.Location}, so whoever gives a node meaning (the indexer's filter
 * compiler, the services' pipeline-file mapping) refuses what it does not support at the line that says it.
 * The parser knows syntax only: which plugins and options exist is the reader's business.
 *
 * <p>Why here: both services read these files (the indexer its filters and pipeline file, the shipper its
 * pipeline file), and the tree has no Quarkus or Jackson in it.
 */
package io.logpipe.common.lscl;
