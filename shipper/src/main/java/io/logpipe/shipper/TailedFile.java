package io.logpipe.shipper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import io.logpipe.shipper.discover.FileKey;
import io.logpipe.shipper.discover.Fingerprint;
import io.logpipe.shipper.event.EventIds;
import io.logpipe.shipper.multiline.MultilineReader;
import io.logpipe.shipper.registry.RegistryEntry;
import io.logpipe.shipper.tail.FileSource;
import io.logpipe.shipper.tail.LineReader;
import io.logpipe.shipper.tail.MessageReader;

/** One open file and its reader chain; owned by the pipeline thread. */
final class TailedFile {
    final FileKey key;
    final InputSettings input;
    final FileChannel channel;
    final RegistryEntry entry;
    private final String host;
    Path path;
    String pathString;
    int generation;
    Fingerprint fingerprint;
    private String sourceKey;
    LineReader lines;
    MessageReader chain;
    boolean gone;
    long goneSinceNanos;
    long lastProgressNanos;
    long size;
    boolean warnedInvalidUtf8;
    boolean warnedSplit;

    TailedFile(FileKey key, Path path, InputSettings input, FileChannel channel, RegistryEntry entry, String host,
            int generation, Fingerprint fingerprint) {
        this.key = key;
        this.input = input;
        this.channel = channel;
        this.entry = entry;
        this.host = host;
        this.generation = generation;
        this.fingerprint = fingerprint;
        moved(path);
    }

    void moved(Path to) {
        this.path = to;
        this.pathString = to.toString();
    }

    /** A fresh reader chain starting at {@code offset} (at open, and from 0 after a truncation). */
    void readFrom(long offset, LineReader.Observer observer, LongSupplier nanoTime) {
        lines = new LineReader(new FileSource(channel), offset, input.maxLineBytes(), observer);
        InputSettings.Multiline m = input.multiline();
        chain = m == null ? lines
                : new MultilineReader(lines, m.pattern(), m.negate(), m.previous(), m.maxLines(), m.maxBytes(),
                        m.flushIntervalNanos(), nanoTime);
    }

    /** The content was replaced from offset 0 (copy-truncate): a new generation, and ids to match. */
    void truncated() {
        generation++;
        fingerprint = null;
        sourceKey = null;
    }

    /** The key of this file's event ids: an event's id is it followed by the event's offset ({@link EventIds#id}). */
    String sourceKey() throws IOException {
        if (sourceKey == null || fingerprint == null) {
            if (fingerprint == null) {
                fingerprint = Fingerprint.of(channel);
            }
            sourceKey = fingerprint == null
                    ? EventIds.sourceKey(host, key.device(), key.inode(), generation)
                    : EventIds.sourceKey(host, key.device(), key.inode(), generation, fingerprint.length(),
                            fingerprint.hash());
        }
        return sourceKey;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a read-only channel has nothing to lose.
        }
    }
}
