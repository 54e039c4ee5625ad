package io.logpipe.indexer.testing;

import java.util.ArrayList;
import java.util.List;

/** Events in the wire contract of DESIGN.md, as the shipper writes them. */
public final class Events {
    private Events() {
    }

    /** One event with {@code event.id} = {@code id}, marked with {@code labels.run} = {@code run}. */
    public static String event(String run, String id, String timestamp, long offset) {
        return "{\"@timestamp\":\"" + timestamp + "\",\"@version\":\"1\",\"message\":\"GET /api/orders/" + offset
                + " HTTP/1.1 200 in 12 ms user=alice session=3f9c2a\",\"host\":{\"name\":\"web-7c9f\"},"
                + "\"log\":{\"file\":{\"path\":\"/var/log/app/app.log\"},\"offset\":" + offset + "},"
                + "\"event\":{\"id\":\"" + id + "\"},\"type\":\"app\",\"tags\":[\"test\"],"
                + "\"fields\":{\"team\":\"payments\"},\"labels\":{\"run\":\"" + run + "\"}}";
    }

    /** {@code count} events of one day with unique ids {@code <run>-<n>}. */
    public static List<String> many(String run, int count, String day) {
        List<String> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(run, run + "-" + i, day + "T10:00:00.000Z", i * 120L));
        }
        return events;
    }
}
