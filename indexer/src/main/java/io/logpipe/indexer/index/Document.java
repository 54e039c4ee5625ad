package io.logpipe.indexer.index;

/**
 * What one claimed element becomes: the document to index (its index, id, action and source bytes), or, when its
 * index name is invalid, the reason it must be dead-lettered instead.
 *
 * <p>{@link #source()} is the element itself when it was a valid JSON object that needed no change (the bulk
 * body then carries the shipper's bytes untouched, except that a raw line break between JSON tokens must become a
 * space to keep the body NDJSON); otherwise it is a rewritten document.
 */
public final class Document {
    private final byte[] element;
    private final boolean elementIsObject;
    private final String index;
    private final String indexProblem;
    private final String id;
    private final String action;
    private final byte[] source;
    private final boolean lineBreaks;
    private final String pipeline;

    Document(byte[] element, boolean elementIsObject, String index, String indexProblem, String id, String action,
            byte[] source, boolean lineBreaks, String pipeline) {
        this.element = element;
        this.elementIsObject = elementIsObject;
        this.index = index;
        this.indexProblem = indexProblem;
        this.id = id;
        this.action = action;
        this.source = source;
        this.lineBreaks = lineBreaks;
        this.pipeline = pipeline;
    }

    /** The Elasticsearch ingest pipeline for this document ({@code indexer.ingest-pipeline}), or null for none. */
    public String pipeline() {
        return pipeline;
    }

    /** The element exactly as it was in Redis. */
    public byte[] element() {
        return element;
    }

    /** Whether the element parsed as one JSON object (a dead-letter entry then embeds it as JSON, else as text). */
    public boolean elementIsObject() {
        return elementIsObject;
    }

    /** The index name, lowercased; valid unless {@link #indexProblem()} says otherwise. */
    public String index() {
        return index;
    }

    /** Why the index name is invalid, or null when it is valid. */
    public String indexProblem() {
        return indexProblem;
    }

    /** {@code event.id}, or the SHA-1 of the element's bytes: the same element always gets the same id. */
    public String id() {
        return id;
    }

    /** {@code create} or {@code index}, as written in the bulk action line. */
    public String action() {
        return action;
    }

    /** The document's JSON; may contain raw line breaks between tokens when it is the element itself. */
    public byte[] source() {
        return source;
    }

    /** Whether {@link #source()} may hold a raw line break (between JSON tokens), which NDJSON does not allow. */
    public boolean sourceHasLineBreaks() {
        return lineBreaks;
    }

    /** Whether {@link #source()} is the element itself (its bytes were not re-serialized). */
    public boolean sourceIsElement() {
        return source == element;
    }
}
