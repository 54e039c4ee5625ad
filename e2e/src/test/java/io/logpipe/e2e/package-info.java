/**
 * End-to-end tests of the packaged services as separate processes ({@code java -jar quarkus-run.jar}), against
 * real Redis and Elasticsearch from devstack: the whole pipeline, faults, latency, security.
 *
 * <p>Contract: these are failsafe integration tests ({@code *IT}) that run after shipper and indexer are
 * packaged; they configure the services only through their documented public properties, wait only by polling
 * with a deadline, and prove exactness from Elasticsearch's own contents (every document read back, never an
 * approximate aggregation). Service logs are kept under {@code target/e2e/<test>/logs-of-services/}.
 */
package io.logpipe.e2e;
