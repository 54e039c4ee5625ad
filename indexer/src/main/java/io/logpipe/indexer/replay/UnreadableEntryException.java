package io.logpipe.indexer.replay;

/** A dead-letter entry whose {@code event} cannot be found or delimited: it is left where it is. */
public final class UnreadableEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableEntryException(String message, int offset) {
        super(message + " at byte " + offset);
    }
}
