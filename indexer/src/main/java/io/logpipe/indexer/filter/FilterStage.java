package io.logpipe.indexer.filter;

import java.util.function.IntConsumer;

import io.logpipe.indexer.index.Document;
import io.logpipe.indexer.index.DocumentBuilder;

/**
 * The filter stage of one worker: element to event ({@link DocumentBuilder#decode}), the shared
 * {@link FilterPipeline}, event to document ({@link DocumentBuilder#document}). A dropped event yields no document;
 * its element is settled with the batch like an indexed one, and counted. Not thread-safe (one per worker, as its
 * builder).
 */
public final class FilterStage {
    private final FilterPipeline pipeline;
    private final DocumentBuilder documents;
    private final IntConsumer dropped;

    public FilterStage(FilterPipeline pipeline, DocumentBuilder documents, IntConsumer dropped) {
        this.pipeline = pipeline;
        this.documents = documents;
        this.dropped = dropped;
    }

    /** The document of one element, or null when a filter dropped it. */
    public Document build(byte[] element) {
        DocumentBuilder.Decoded decoded = documents.decode(element);
        Event event = new Event(decoded.event());
        pipeline.run(event);
        if (event.cancelled()) {
            dropped.accept(1);
            return null;
        }
        return documents.document(element, decoded.elementIsObject(), decoded.event());
    }
}
