package io.logpipe.indexer.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live}: DOWN when a worker died or has not moved for {@link Indexer#stuckAfter()}. A worker
 * waiting out a backoff (Elasticsearch or Redis down) moves; it is not stuck, and a restart would not help it.
 * Readiness (Redis and Elasticsearch reachable) comes from the Quarkus Redis and Elasticsearch extensions.
 */
@Liveness
@ApplicationScoped
public class WorkersLiveness implements HealthCheck {
    @Inject
    Indexer indexer;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("indexer workers");
        String problem = indexer.livenessProblem();
        String waiting = indexer.startProblem();
        if (waiting != null) {
            response.withData("waiting", waiting);
        }
        response.withData("workers", indexer.liveConsumerIds().toString());
        return problem == null ? response.up().build() : response.down().withData("problem", problem).build();
    }
}
