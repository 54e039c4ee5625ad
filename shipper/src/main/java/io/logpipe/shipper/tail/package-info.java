/**
 * Reading files: the reader chain's first stage, {@link io.logpipe.shipper.tail.LineReader}, and the
 * {@link io.logpipe.shipper.tail.Message} every stage passes on.
 *
 * <p>Contract: a line is returned only after its {@code \n} was read; a line longer than max-line-bytes comes
 * in pieces flagged {@code SPLIT_LINE}; every message carries the file offsets of the first and just past the
 * last byte it consumed, so the registry can store an exact resume point. Nothing here blocks on a file.
 */
package io.logpipe.shipper.tail;
