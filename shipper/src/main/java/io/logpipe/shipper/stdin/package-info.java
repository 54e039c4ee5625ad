/**
 * Standard input as an event source.
 *
 * <p>Contract: lines in order, framed like file lines, bounded buffering (a full queue blocks the reader).
 */
package io.logpipe.shipper.stdin;
