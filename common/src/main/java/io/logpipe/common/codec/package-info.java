/**
 * Logstash's debug codecs, as the services' {@code stdout} outputs print events: {@code rubydebug} and
 * {@code json_lines}.
 *
 * <p>Contract: pure functions of a JSON tree to text, no I/O; the caller decides where the text goes.
 */
package io.logpipe.common.codec;
