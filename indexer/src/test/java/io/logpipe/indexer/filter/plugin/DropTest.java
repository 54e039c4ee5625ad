package io.logpipe.indexer.filter.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FilterPipeline;
import io.logpipe.indexer.filter.FilterTesting;

/** drop, with the Logstash drop documentation's examples. */
class DropTest {

    private static int dropped(String body, int events) {
        FilterPipeline pipeline = FilterTesting.compile(body);
        int dropped = 0;
        for (int i = 0; i < events; i++) {
            Event event = FilterTesting.event("{\"loglevel\":\"debug\"}");
            pipeline.run(event);
            dropped += event.cancelled() ? 1 : 0;
        }
        return dropped;
    }

    @Test
    void dropsEveryEventByDefault() {
        assertEquals(1000, dropped("drop { }", 1000));
    }

    @Test
    void dropsOnlyTheEventsTheConditionSelects() {
        String body = "if [loglevel] == \"debug\" { drop { } }";
        assertTrue(FilterTesting.run(body, "{\"loglevel\":\"debug\"}").cancelled());
        assertFalse(FilterTesting.run(body, "{\"loglevel\":\"info\"}").cancelled());
    }

    @Test
    void percentageZeroNeverDropsAndHundredAlwaysDoes() {
        assertEquals(0, dropped("drop { percentage => 0 }", 1000));
        assertEquals(1000, dropped("drop { percentage => 100 }", 1000));
    }

    @Test
    void percentageDropsAboutThatShare() {
        // 40% of 10,000: the standard deviation is 49, so 3,700..4,300 is six of them on either side.
        int dropped = dropped("if [loglevel] == \"debug\" { drop { percentage => 40 } }", 10_000);
        assertTrue(dropped > 3_700 && dropped < 4_300, "dropped " + dropped);
    }

    @Test
    void anEventLetThroughDoesNotGetTheCommonOptionsAsInLogstash() {
        Event e = FilterTesting.run("drop { percentage => 0 add_tag => [\"seen\"] }", "{}");
        assertFalse(e.cancelled());
        assertFalse(e.hasTag("seen"));
    }

    @Test
    void refusesAPercentageOutsideZeroToHundred() {
        String body = "drop { percentage => 150 }";
        ConfigException e = FilterTesting.refused(body);
        assertEquals(2, e.location().line());
        assertEquals(body.indexOf("150") + 1, e.location().column());
        assertTrue(e.reason().contains("between 0 and 100, not 150"), e.reason());
        FilterTesting.refused("drop { percentage => -1 }");
    }
}
