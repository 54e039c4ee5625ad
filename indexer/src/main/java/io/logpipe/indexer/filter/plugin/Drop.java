package io.logpipe.indexer.filter.plugin;

import java.util.concurrent.ThreadLocalRandom;

import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.Filter;

/**
 * Logstash's {@code drop} filter: cancels the event, or with {@code percentage} only that share of the events
 * reaching it. Logstash's drop never calls filter_matched, so its add_tag and add_field apply to no event, not even
 * to one that the percentage lets through: that event is reported as not matched here. A dropped one is reported
 * as matched, only so that the failure count does not count drops (its common options are skipped all the same,
 * the event being cancelled). A percentage outside 0..100 is refused (Logstash would take 150 as 100 and -5 as
 * 0; it is more likely a typo).
 */
public final class Drop implements Filter {
    private final double fraction;

    public Drop(Options options) {
        double percentage = options.number("percentage", 100);
        if (!(percentage >= 0 && percentage <= 100)) {
            throw options.error("percentage", "percentage must be between 0 and 100, not "
                    + options.string("percentage").orElse(""));
        }
        fraction = percentage / 100.0;
    }

    @Override
    public boolean filter(Event event) {
        if (fraction >= 1.0 || ThreadLocalRandom.current().nextDouble() < fraction) {
            event.cancel();
        }
        return event.cancelled();
    }
}
