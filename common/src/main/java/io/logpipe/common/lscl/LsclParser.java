package io.logpipe.common.lscl;

/** Placeholder: the parser is being written. */
public final class LsclParser {
    private LsclParser() {
    }

    /** Parses a pipeline file's text; {@code file} names it in messages. */
    public static Ast.Pipeline parse(String text, String file) {
        throw new ConfigException(new Location(file, 1, 1), "parser not written yet");
    }
}
