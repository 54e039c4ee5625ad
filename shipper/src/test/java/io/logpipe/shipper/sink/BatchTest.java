package io.logpipe.shipper.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.logpipe.common.resp.RespCommand;
import io.logpipe.shipper.event.Decoration;
import io.logpipe.shipper.event.Event;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.tail.Message;

/** A batch encodes each event as it is added: into its RPUSH for the sink's socket, or as JSON for the client. */
class BatchTest {
    private static List<Event> events() {
        List<Event> events = new ArrayList<>();
        // Lengths of 2 to 6 digits, up and down, so the guessed header width is wrong now and then.
        for (int size : new int[] {1, 100_000, 5, 900, 1_000, 20, 8_000, 3}) {
            Message m = new Message("x".repeat(size) + "\"", 0, size + 2, size + 1, 1, 0);
            events.add(new Event(0, m, "/f", "k", 0, Decoration.NONE));
        }
        return events;
    }

    @Test
    void eventsEncodedStraightIntoTheRpushAreFramedLikeTheirJsonAsArguments() {
        EventWriter w = new EventWriter("h");
        RespCommand command = new RespCommand().start("RPUSH").arg("k");
        Batch batch = new Batch(w, command, 0);
        RespCommand copied = new RespCommand().start("RPUSH").arg("k");
        long bytes = 0;
        for (Event e : events()) {
            batch.add(e, () -> 0);
            byte[] json = new EventWriter("h").encode(e);
            copied.arg(json);
            bytes += json.length;
        }
        assertArrayEquals(copied.toByteArray(), batch.command().toByteArray());
        assertEquals(bytes, batch.bytes(), "exact JSON bytes");
        assertEquals(8, batch.size());
    }

    @Test
    void forTheClientEachEventIsItsOwnJson() {
        Batch batch = new Batch(new EventWriter("h"), null, 0);
        List<Event> events = events();
        for (Event e : events) {
            batch.add(e, () -> 0);
        }
        for (int i = 0; i < events.size(); i++) {
            assertArrayEquals(new EventWriter("h").encode(events.get(i)), batch.json().get(i), "event " + i);
        }
    }
}
