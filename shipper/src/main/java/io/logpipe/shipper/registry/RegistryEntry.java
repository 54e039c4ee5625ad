package io.logpipe.shipper.registry;

import java.nio.file.Path;
import java.util.Objects;

import io.logpipe.shipper.discover.FileKey;
import io.logpipe.shipper.discover.Fingerprint;

/**
 * What the registry knows about one file identity: the offset just past the last line of the last event
 * Redis acknowledged, the truncation generation that offset belongs to, and the fingerprint of the content.
 * Changed by the pipeline thread (discovery, and acknowledgements through the sink); read by the flusher.
 */
public final class RegistryEntry {
    private final Registry registry;
    private final FileKey key;
    private String path;
    private String input;
    private long offset;
    private int generation;
    private Fingerprint fingerprint;
    private long lastSeenMillis;

    RegistryEntry(Registry registry, FileKey key, String path, String input, long offset, int generation,
            Fingerprint fingerprint, long lastSeenMillis) {
        this.registry = registry;
        this.key = key;
        this.path = path;
        this.input = input;
        this.offset = offset;
        this.generation = generation;
        this.fingerprint = fingerprint;
        this.lastSeenMillis = lastSeenMillis;
    }

    public FileKey key() {
        return key;
    }

    /**
     * Redis acknowledged everything of generation {@code generation} up to {@code offset}. Older generations
     * (acknowledged after a truncation was seen) are ignored; a newer one replaces the stored state.
     */
    public void acknowledge(int generation, long offset, Fingerprint fingerprint) {
        synchronized (registry) {
            if (generation < this.generation || (generation == this.generation && offset < this.offset)) {
                return;
            }
            if (generation != this.generation || offset != this.offset
                    || !Objects.equals(fingerprint, this.fingerprint)) {
                this.generation = generation;
                this.offset = offset;
                this.fingerprint = fingerprint;
                registry.changed();
            }
        }
    }

    /** The file was seen by a scan at {@code path}. */
    public void seen(Path path, String input, long nowMillis) {
        synchronized (registry) {
            String p = path.toString();
            if (!p.equals(this.path) || !input.equals(this.input)) {
                this.path = p;
                this.input = input;
                registry.changed();
            }
            if (nowMillis - lastSeenMillis >= 60_000) {
                registry.changed();
            }
            lastSeenMillis = nowMillis;
        }
    }

    public long offset() {
        synchronized (registry) {
            return offset;
        }
    }

    public int generation() {
        synchronized (registry) {
            return generation;
        }
    }

    public Fingerprint fingerprint() {
        synchronized (registry) {
            return fingerprint;
        }
    }

    public String path() {
        synchronized (registry) {
            return path;
        }
    }

    String input() {
        return input;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }
}
