package io.logpipe.indexer.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Index names and globs reach the server as written, whatever characters the pattern put in them. */
class ClusterIndicesTest {

    @Test
    void namesAndGlobsArePercentEncodedInThePathButForTheirCommonCharacters() {
        assertEquals("logstash-*", ClusterIndices.encode("logstash-*"));
        assertEquals("logstash-2026.11.24", ClusterIndices.encode("logstash-2026.11.24"));
        assertEquals("%25%7B%5Bfields%5D%5Bteam%5D%7D-2026.11.24", ClusterIndices.encode("%{[fields][team]}-2026.11.24"));
        assertEquals("a%2Bb_c", ClusterIndices.encode("a+b_c"), "a + in a path could be read as a space");
        assertEquals("caf%C3%A9-*", ClusterIndices.encode("café-*"));
    }
}
