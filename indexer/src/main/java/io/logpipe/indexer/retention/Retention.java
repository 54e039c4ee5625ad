package io.logpipe.indexer.retention;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.elasticsearch.client.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.indexer.config.IndexerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Every {@code indexer.retention.check-interval}, deletes the indices of the index pattern whose events are all
 * older than {@code indexer.retention} by the date in their name ({@link IndexDates}); off when that is 0.
 *
 * <p>Why the indexer does it and not ILM or ISM: those are Elasticsearch's and OpenSearch's own, configured
 * differently, and not in every distribution; this works the same on both. Every replica runs it: two that
 * delete the same index at once get one acknowledgement and one 404, and the 404 is taken as done. A check
 * that fails (Elasticsearch unreachable) is logged and made again at the next interval.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject
    IndexerConfig config;
    @Inject
    RestClient elasticsearch;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();
    private IndexDates dates;
    private ClusterIndices indices;
    private Counter deleted;
    private volatile boolean failing;

    /** Refuses a pattern whose names do not tell their date, before anything runs. */
    void onStart(@Observes StartupEvent event) {
        deleted = Counter.builder("indexer.retention.deleted.indices")
                .description("Indices this process deleted because their events were older than indexer.retention")
                .register(registry);
        Duration keep = config.retention();
        if (keep.isNegative()) {
            throw new IllegalArgumentException("indexer.retention must be 0 (keep forever) or positive, not " + human(keep));
        }
        if (keep.isZero()) {
            return;
        }
        if (config.retentionCheckInterval().isNegative() || config.retentionCheckInterval().isZero()) {
            throw new IllegalArgumentException("indexer.retention.check-interval must be positive, not "
                    + config.retentionCheckInterval());
        }
        try {
            dates = IndexDates.of(config.index());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("indexer.retention=" + human(keep) + " cannot work: " + e.getMessage()
                    + "; set indexer.retention=0 and let ILM (Elasticsearch) or ISM (OpenSearch) delete old indices",
                    e);
        }
        indices = new ClusterIndices(elasticsearch, json);
        LOG.infof("retention: indices matching %s whose name (%s) dates all their events more than %s ago are "
                + "deleted; checked every %s", dates.glob(), dates, human(keep), human(config.retentionCheckInterval()));
    }

    /**
     * The first check runs 10 s after the scheduler starts, not during the start-up: a CI run once saw the deletions
     * a replica made while it was still starting missing from its {@code indexer_retention_deleted_indices_total}
     * (logged, not counted), and nothing is gained by deleting before the process is up.
     */
    @Scheduled(identity = "indexer-retention", every = "${indexer.retention.check-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (indices != null) {
            checkNow();
        }
    }

    /** One pass; returns how many indices this process deleted. */
    int checkNow() {
        Instant cutoff = clock.instant().minus(config.retention());
        int count = 0;
        try {
            for (String index : indices.list(dates.glob())) {
                Optional<Instant> end = dates.end(index);
                if (end.isEmpty() || end.get().isAfter(cutoff)) {
                    continue;
                }
                if (indices.delete(index) == ClusterIndices.Deleted.YES) {
                    count++;
                    deleted.increment();
                    LOG.infof("retention: deleted index %s (its events are from before %s, more than %s ago)",
                            index, end.get(), human(config.retention()));
                } else {
                    LOG.debugf("retention: index %s was already deleted (by another replica)", index);
                }
            }
            if (failing) {
                LOG.info("retention: checks work again");
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("retention: check failed (%s); trying again in %s", e.toString(),
                    human(config.retentionCheckInterval()));
            failing = true;
        }
        return count;
    }

    /** As the property is written: {@code 30d}, {@code 12h}, not {@code PT720H}. */
    static String human(Duration d) {
        long seconds = d.getSeconds();
        if (d.isZero()) {
            return "0";
        }
        if (d.getNano() != 0 || seconds < 0) {
            return d.toString();
        }
        return seconds % 86_400 == 0 ? seconds / 86_400 + "d" : seconds % 3_600 == 0 ? seconds / 3_600 + "h"
                : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
