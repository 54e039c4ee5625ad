package io.logpipe.indexer.filter;

import java.nio.file.Path;

import io.logpipe.common.lscl.Ast;

/** Placeholder: the compiled filter tree is being written. */
public final class FilterPipeline {
    public static FilterPipeline compile(Ast.Pipeline pipeline, Path baseDir) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Runs the filters over one event (it may come out cancelled: dropped). */
    public void run(Event event) {
    }
}
