/**
 * The offset registry.
 *
 * <p>Contract: the stored offset of a file is just past the last line of the last event Redis acknowledged
 * (never further: lines of a pending multiline event or of a batch in flight are not counted); acknowledgements
 * arrive in order; the file on disk is replaced atomically on an interval and at shutdown.
 */
package io.logpipe.shipper.registry;
