/**
 * Multi-line events (stack traces) with the Logstash multiline codec's semantics, as the second stage of a
 * file's reader chain.
 *
 * <p>Contract: every input line ends up in exactly one event, in order; an event's offsets span exactly the
 * lines it joined; lines held in a pending event are not passed on (so they are not part of any acknowledged
 * offset) until the event is complete, limited, or flushed by time.
 */
package io.logpipe.shipper.multiline;
