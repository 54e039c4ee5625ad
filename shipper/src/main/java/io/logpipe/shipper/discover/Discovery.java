package io.logpipe.shipper.discover;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Expands the inputs' globs into the files they match now, by identity. Runs on the pipeline thread every
 * scan interval; a file that vanished from the result was renamed out of the globs or deleted.
 *
 * <p>A glob matching nothing and a directory that cannot be listed are logged once (and once more when
 * that changes), never fatal: files may appear later.
 */
public final class Discovery {
    private static final Logger LOG = Logger.getLogger(Discovery.class);

    /** The globs of one input. */
    public record InputGlobs(String input, List<Glob> paths, List<Glob> excludePaths, List<Glob> excludeNames) {
    }

    /** A matched file. */
    public record Candidate(FileKey key, Path path, long size, String input) {
    }

    private final List<InputGlobs> inputs;
    private final Set<String> emptyGlobs = new HashSet<>();
    private final Set<Path> unlistable = new HashSet<>();
    private final Set<String> matchedTwice = new HashSet<>();

    public Discovery(List<InputGlobs> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    /** Every file matched now, first input (in configuration order) winning for a file matched by several. */
    public Map<FileKey, Candidate> scan() {
        Map<FileKey, Candidate> found = new LinkedHashMap<>();
        Set<Path> unlistableNow = new HashSet<>();
        for (InputGlobs input : inputs) {
            for (Glob glob : input.paths()) {
                int matched = walk(input, glob, found, unlistableNow);
                String id = input.input() + "\0" + glob;
                if (matched == 0 && emptyGlobs.add(id)) {
                    LOG.warnf("input %s: %s matches no file (yet); will keep looking every scan", input.input(), glob);
                } else if (matched > 0 && emptyGlobs.remove(id)) {
                    LOG.infof("input %s: %s now matches %d file(s)", input.input(), glob, matched);
                }
            }
        }
        for (Path dir : unlistableNow) {
            if (unlistable.add(dir)) {
                LOG.warnf("cannot list directory %s (permission denied); files in it are not seen", dir);
            }
        }
        unlistable.retainAll(unlistableNow);
        return found;
    }

    private int walk(InputGlobs input, Glob glob, Map<FileKey, Candidate> found, Set<Path> unlistableNow) {
        int[] matched = {0};
        if (!Files.isDirectory(glob.base())) {
            return 0;
        }
        try {
            Files.walkFileTree(glob.base(), Set.of(), glob.maxDepth(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isDirectory() || !glob.matches(file.toString()) || excluded(input, file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        FileKey.Stat stat = FileKey.stat(file);
                        if (!stat.regularFile()) {
                            return FileVisitResult.CONTINUE;
                        }
                        matched[0]++;
                        Candidate previous = found.putIfAbsent(stat.key(),
                                new Candidate(stat.key(), file, stat.size(), input.input()));
                        if (previous != null && !previous.path().equals(file)
                                && matchedTwice.add(previous.path() + "\0" + file)) {
                            LOG.infof("%s and %s are the same file (%s); reading it once, as %s (input %s)",
                                    previous.path(), file, stat.key(), previous.path(), previous.input());
                        }
                    } catch (NoSuchFileException gone) {
                        // Deleted between listing and stat, or a dangling symlink: nothing to read.
                    } catch (IOException e) {
                        LOG.debugf("cannot stat %s: %s", file, e);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof AccessDeniedException) {
                        unlistableNow.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debugf("cannot walk %s: %s", glob.base(), e);
        }
        return matched[0];
    }

    private static boolean excluded(InputGlobs input, Path file) {
        String path = file.toString();
        for (Glob g : input.excludePaths()) {
            if (g.matches(path)) {
                return true;
            }
        }
        Path name = file.getFileName();
        if (name != null) {
            String n = name.toString();
            for (Glob g : input.excludeNames()) {
                if (g.matches(n)) {
                    return true;
                }
            }
        }
        return false;
    }
}
