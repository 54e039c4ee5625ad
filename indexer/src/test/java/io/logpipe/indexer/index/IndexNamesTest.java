package io.logpipe.indexer.index;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IndexNamesTest {
    @Test
    void elasticsearchRulesForIndexNames() {
        assertNull(IndexNames.problem("logstash-2026.11.24"));
        assertNull(IndexNames.problem(".hidden-but-valid"));
        assertNull(IndexNames.problem("%{type}-2026.11.24"));
        for (String bad : new String[] {"", ".", "..", "_x", "-x", "+x", "a b", "a*", "a?", "a,b", "a#", "a:b", "a/b",
                "a\\b", "a|b", "a<b", "a>b", "a\"b", "Upper", "x".repeat(256)}) {
            assertNotNull(IndexNames.problem(bad), bad);
        }
    }
}
