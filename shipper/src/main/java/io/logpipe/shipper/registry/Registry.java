package io.logpipe.shipper.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.shipper.discover.FileKey;
import io.logpipe.shipper.discover.Fingerprint;

/**
 * The offsets file: per file identity, how far Redis has acknowledged (see {@link RegistryEntry}), plus the
 * names of the inputs that have run before (start-position only applies to an input's first run).
 *
 * <p>Written atomically (temporary file, fsync, rename, fsync of the directory), so a crash leaves either the
 * old or the new registry, never a torn one. A registry that cannot be parsed is moved aside and logged,
 * and the shipper starts without it.
 */
public final class Registry {
    private static final Logger LOG = Logger.getLogger(Registry.class);
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final LongSupplier nowMillis;
    private final Map<FileKey, RegistryEntry> entries = new HashMap<>();
    private final Set<String> inputs = new TreeSet<>();
    private final Object writeLock = new Object();
    private boolean dirty;

    private Registry(Path path, LongSupplier nowMillis) {
        this.path = path.toAbsolutePath();
        this.nowMillis = nowMillis;
    }

    /** Loads the registry at {@code path}, or starts an empty one when there is none. */
    public static Registry open(Path path, LongSupplier nowMillis) throws IOException {
        Registry registry = new Registry(path, nowMillis);
        Files.createDirectories(registry.path.getParent());
        try {
            registry.load(Files.readAllBytes(registry.path));
            LOG.infof("registry %s: %d file(s), inputs %s", registry.path, registry.entries.size(), registry.inputs);
        } catch (NoSuchFileException none) {
            LOG.infof("registry %s does not exist yet; starting without offsets", registry.path);
        } catch (IOException | RuntimeException corrupt) {
            Path aside = registry.path.resolveSibling(registry.path.getFileName() + ".corrupt-" + nowMillis.getAsLong());
            Files.move(registry.path, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.errorf("registry %s cannot be read (%s); moved it to %s and starting without offsets: files are"
                    + " read again per start-position", registry.path, corrupt.getMessage(), aside);
            registry.entries.clear();
            registry.inputs.clear();
        }
        return registry;
    }

    private void load(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isObject() || root.path("version").asInt() != VERSION) {
            throw new IOException("not a version " + VERSION + " shipper registry");
        }
        root.path("inputs").forEach(n -> inputs.add(n.asText()));
        for (JsonNode f : root.path("files")) {
            FileKey key = new FileKey(f.get("device").asLong(), f.get("inode").asLong());
            JsonNode fp = f.path("fingerprint");
            Fingerprint fingerprint = fp.isObject()
                    ? new Fingerprint(fp.get("length").asInt(), Long.parseUnsignedLong(fp.get("hash").asText(), 16))
                    : null;
            entries.put(key, new RegistryEntry(this, key, f.get("path").asText(), f.path("input").asText(""),
                    f.get("offset").asLong(), f.path("generation").asInt(), fingerprint, f.path("last_seen").asLong()));
        }
    }

    public Path path() {
        return path;
    }

    public synchronized RegistryEntry get(FileKey key) {
        return entries.get(key);
    }

    /** A new entry for {@code key}, replacing any earlier one (a different file that had the same inode). */
    public synchronized RegistryEntry create(FileKey key, Path file, String input, long offset, int generation,
            Fingerprint fingerprint) {
        RegistryEntry entry = new RegistryEntry(this, key, file.toString(), input, offset, generation, fingerprint,
                nowMillis.getAsLong());
        entries.put(key, entry);
        dirty = true;
        return entry;
    }

    /** Whether {@code input} ran in an earlier process (then start-position no longer applies to it). */
    public synchronized boolean knowsInput(String input) {
        return inputs.contains(input);
    }

    public synchronized void rememberInput(String input) {
        if (inputs.add(input)) {
            dirty = true;
        }
    }

    /** Forgets files no scan has seen for {@code unseenMillis} (deleted or rotated away long ago). */
    public synchronized int prune(long unseenMillis, Collection<FileKey> tracked) {
        long now = nowMillis.getAsLong();
        int removed = 0;
        for (Iterator<RegistryEntry> it = entries.values().iterator(); it.hasNext();) {
            RegistryEntry e = it.next();
            if (now - e.lastSeenMillis() > unseenMillis && !tracked.contains(e.key())) {
                it.remove();
                removed++;
            }
        }
        if (removed > 0) {
            dirty = true;
        }
        return removed;
    }

    synchronized void changed() {
        dirty = true;
    }

    /** Writes the registry if anything changed since the last write. */
    public void flush() throws IOException {
        synchronized (writeLock) {
            List<Object[]> snapshot = new ArrayList<>();
            List<String> inputNames;
            synchronized (this) {
                if (!dirty) {
                    return;
                }
                dirty = false;
                for (RegistryEntry e : entries.values()) {
                    snapshot.add(new Object[] {e.key(), e.path(), e.input(), e.offset(), e.generation(),
                        e.fingerprint(), e.lastSeenMillis()});
                }
                inputNames = new ArrayList<>(inputs);
            }
            try {
                write(snapshot, inputNames);
            } catch (IOException | RuntimeException e) {
                changed();
                throw e;
            }
        }
    }

    private void write(List<Object[]> snapshot, List<String> inputNames) throws IOException {
        Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeNumberField("version", VERSION);
                g.writeArrayFieldStart("inputs");
                for (String input : inputNames) {
                    g.writeString(input);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("files");
                for (Object[] e : snapshot) {
                    FileKey key = (FileKey) e[0];
                    g.writeStartObject();
                    g.writeNumberField("device", key.device());
                    g.writeNumberField("inode", key.inode());
                    g.writeStringField("path", (String) e[1]);
                    g.writeStringField("input", (String) e[2]);
                    g.writeNumberField("offset", (Long) e[3]);
                    g.writeNumberField("generation", (Integer) e[4]);
                    Fingerprint fp = (Fingerprint) e[5];
                    if (fp != null) {
                        g.writeObjectFieldStart("fingerprint");
                        g.writeNumberField("length", fp.length());
                        g.writeStringField("hash", Long.toHexString(fp.hash()));
                        g.writeEndObject();
                    }
                    g.writeNumberField("last_seen", (Long) e[6]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            out.flush();
            ch.force(true);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot sync a directory; the rename is still atomic.
        }
    }
}
