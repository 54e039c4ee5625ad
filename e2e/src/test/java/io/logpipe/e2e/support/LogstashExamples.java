package io.logpipe.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic setup's two Logstash pipeline files as the repository ships them ({@code examples/logstash/}), found
 * relative to this module (or through {@code -Dlogpipe.e2e.examples}).
 */
public final class LogstashExamples {
    /** The log file the shipper's file names (the only line changed from the classic setup's text). */
    public static final String LOG_PATH = "/var/log/app/access.log";
    /** The Redis host both files name. */
    public static final String REDIS_HOST_LINE = "    host => \"localhost\"";
    /** The Elasticsearch hosts the indexer's file names. */
    public static final String ES_HOSTS_LINE = "    hosts=>[\"localhost:9200\"]";

    private LogstashExamples() {
    }

    public static Path dir() {
        String configured = System.getProperty("logpipe.e2e.examples");
        return (configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../examples/logstash"))
                .toAbsolutePath().normalize();
    }

    public static Path shipper() {
        return dir().resolve("shipper.conf");
    }

    public static Path indexer() {
        return dir().resolve("indexer.conf");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of {@code file} in {@code dir} with its {@code host => "localhost"} line (exactly one) naming
     * {@code host} instead, every other byte as it was.
     */
    public static Path withRedisHost(Path file, Path dir, String host) {
        String text = read(file);
        int at = text.indexOf(REDIS_HOST_LINE + "\n");
        if (at < 0 || text.indexOf(REDIS_HOST_LINE + "\n", at + 1) >= 0) {
            throw new IllegalStateException(file + " must have exactly one line [" + REDIS_HOST_LINE + "]");
        }
        String changed = text.substring(0, at) + "    host => \"" + host + "\"\n" + text.substring(at + REDIS_HOST_LINE.length() + 1);
        try {
            return Files.writeString(Files.createDirectories(dir).resolve(file.getFileName()), changed, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code changed} that differ from those of {@code original} (same number of lines required). */
    public static List<String> changedLines(Path original, Path changed) {
        List<String> a = read(original).lines().toList();
        List<String> b = read(changed).lines().toList();
        if (a.size() != b.size() || read(original).endsWith("\n") != read(changed).endsWith("\n")) {
            throw new IllegalStateException(changed + " does not have the lines of " + original);
        }
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                diff.add(a.get(i) + " -> " + b.get(i));
            }
        }
        return diff;
    }
}
