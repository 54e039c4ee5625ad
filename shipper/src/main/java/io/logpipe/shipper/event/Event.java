package io.logpipe.shipper.event;

import io.logpipe.shipper.tail.Message;

/**
 * One event as decided by the reader, held in its batch until the batch is sent, then encoded as JSON by
 * {@link EventWriter#encode} (again if the batch must be sent again on a new connection).
 *
 * @param epochMillis when it was read ({@code @timestamp})
 * @param message the content and where it came from
 * @param path the file, or null for an event without one (then {@code log} is left out)
 * @param idKey the source's key ({@link EventIds#sourceKey}); {@code event.id} is it followed by {@code idNumber}
 * @param idNumber the offset of the event in its source (or a sequence number)
 * @param decoration what the input adds
 */
public record Event(long epochMillis, Message message, String path, String idKey, long idNumber,
        Decoration decoration) {

    /** {@code event.id}, as {@link EventIds#id} makes it. */
    public String id() {
        return EventIds.id(idKey, idNumber);
    }
}
