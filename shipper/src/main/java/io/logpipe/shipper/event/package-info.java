/**
 * The event JSON of the wire contract (DESIGN.md), deterministic event ids, timestamps.
 *
 * <p>Contract: compact UTF-8 JSON, one object per event; {@code @timestamp} is when the event was read, UTC,
 * milliseconds, {@code Z}; {@code event.id} depends only on host, source identity and offset (or sequence).
 */
package io.logpipe.shipper.event;
