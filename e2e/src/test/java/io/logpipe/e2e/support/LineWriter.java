package io.logpipe.e2e.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends lines to a log file the way an application does (unbuffered, {@code \n}-terminated, one write per
 * call) and knows the byte offset where each line starts, so a test can check the shipper's {@code log.offset}
 * and time each line from its write.
 *
 * <p>{@link #renameTo} is a rename rotation: the file moves away but this writer keeps writing to it (as an
 * application does between the rename and reopening), until it is closed.
 */
public final class LineWriter implements Closeable {
    private final FileChannel channel;
    private Path path;
    private long offset;

    private LineWriter(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.offset = channel.size();
    }

    /** Opens {@code path} for appending, creating it if needed. */
    public static LineWriter append(Path path) {
        try {
            return new LineWriter(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    /** Writes one line and its {@code \n}; returns the byte offset where it starts. */
    public synchronized long write(String line) {
        return write(List.of(line))[0];
    }

    /** Writes the lines in one write call; returns the byte offset where each starts. */
    public synchronized long[] write(List<String> lines) {
        long[] starts = new long[lines.size()];
        StringBuilder text = new StringBuilder();
        long at = offset;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a line cannot contain \\n: " + line);
            }
            starts[i] = at;
            at += line.getBytes(StandardCharsets.UTF_8).length + 1;
            text.append(line).append('\n');
        }
        writeFully(text.toString());
        return starts;
    }

    /** Writes text that may end without {@code \n} (a partial line); returns its start offset. */
    public synchronized long writeRaw(String text) {
        long start = offset;
        writeFully(text);
        return start;
    }

    private void writeFully(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                offset += channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + path, e);
        }
    }

    /** Rename rotation: moves the file to {@code target}; later writes still go to it until {@link #close()}. */
    public synchronized void renameTo(Path target) {
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            path = target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + path + " to " + target, e);
        }
    }

    /** Where the file is now (after a rename, its new name). */
    public synchronized Path path() {
        return path;
    }

    /** Bytes written so far, including what the file held when opened. */
    public synchronized long offset() {
        return offset;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
