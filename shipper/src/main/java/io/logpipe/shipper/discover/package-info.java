/**
 * Finding files: glob expansion (with {@code **}), excludes, file identity (device + inode) and the
 * first-line fingerprint that tells a file from a later one reusing its inode.
 *
 * <p>Contract: a scan reports every regular file matched now, once, keyed by identity; a rename keeps the
 * identity, a new file at an old path has a new one. Nothing here opens a file for reading except to take a
 * fingerprint.
 */
package io.logpipe.shipper.discover;
