package io.logpipe.indexer.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void theCanonicalFormIsReadToTheNanosecond() {
        assertEquals(Instant.parse("2026-11-24T10:00:00.123Z"), Timestamps.parse("2026-11-24T10:00:00.123Z"));
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), Timestamps.parse("2026-11-24T10:00:00Z"));
        assertEquals(Instant.parse("2026-11-24T10:00:00.123456789Z"), Timestamps.parse("2026-11-24T10:00:00.123456789Z"));
        assertEquals(Instant.parse("2028-02-29T00:00:00Z"), Timestamps.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void offsetsAreAppliedAndNoOffsetMeansUtcAsInElasticsearch() {
        assertEquals(Instant.parse("2026-11-23T23:30:00Z"), Timestamps.parse("2026-11-24T00:30:00+01:00"));
        assertEquals(Instant.parse("2026-11-23T23:30:00Z"), Timestamps.parse("2026-11-24T00:30:00.000+0100"));
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), Timestamps.parse("2026-11-24T10:00:00"));
        assertEquals(Instant.parse("2026-11-24T10:00:00Z"), Timestamps.parse("2026-11-24T10:00"));
        assertEquals(Instant.parse("2026-11-24T00:00:00Z"), Timestamps.parse("2026-11-24"));
    }

    @Test
    void anythingElseIsNotATimestamp() {
        assertNull(Timestamps.parse("yesterday"));
        assertNull(Timestamps.parse("2026-02-30T10:00:00Z"));
        assertNull(Timestamps.parse("2026-11-24T24:00:00Z"));
        assertNull(Timestamps.parse("24/Nov/2026:10:00:00 +0000"));
        assertNull(Timestamps.parse("2026-11-24T10:00:00.1234567891Z"));
        assertNull(Timestamps.parse(""));
        assertNull(Timestamps.parse(null));
    }

    @Test
    void writtenTimestampsHaveMillisecondsAndZ() {
        assertEquals("2026-11-24T10:00:00.000Z", Timestamps.format(Instant.parse("2026-11-24T10:00:00Z")));
    }
}
