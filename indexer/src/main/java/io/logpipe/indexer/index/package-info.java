/**
 * Event to document: parsing, {@code @timestamp} handling, foreign events, the Logstash sprintf index name and
 * the document id.
 *
 * <p>Contract: {@link io.logpipe.indexer.index.DocumentBuilder#build(byte[])} never throws for any input and
 * never drops one: every element becomes a document (possibly tagged {@code _jsonparsefailure},
 * {@code _timestampparsefailure}, {@code _legacy_renamed} or {@code _utf8repaired}, an object whose invalid UTF-8
 * was replaced by U+FFFD) or, when its index name is invalid, a document that
 * carries the reason so the caller dead-letters it. The same element always yields the same id, so redelivery
 * is idempotent.
 */
package io.logpipe.indexer.index;
