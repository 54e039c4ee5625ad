package io.logpipe.shipper.discover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A file's identity on this machine: device and inode (stable across renames, unlike its path). */
public record FileKey(long device, long inode) {

    /** The identity and size of the file at {@code path} (following a symlink). */
    public static Stat stat(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,mode");
        int mode = ((Number) a.get("mode")).intValue();
        return new Stat(new FileKey(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
                ((Number) a.get("size")).longValue(), (mode & 0170000) == 0100000);
    }

    /** What a scan needs to know about one path. */
    public record Stat(FileKey key, long size, boolean regularFile) {
    }

    @Override
    public String toString() {
        return device + ":" + inode;
    }
}
