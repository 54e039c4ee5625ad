/**
 * Quarkus test resources that hand the shared devstack servers to the application under test.
 *
 * <p>Contract: each resource returns the Quarkus configuration the application needs to reach the server
 * ({@code quarkus.redis.hosts}, {@code quarkus.elasticsearch.hosts}) and never stops the shared server
 * itself: it lives for the whole test JVM (see {@link io.logpipe.devstack.SharedServers}).
 */
package io.logpipe.devstack.quarkus;
