package io.logpipe.common.lscl;

/** Where a node starts: the file's name as given, 1-based line and column (in characters). */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
