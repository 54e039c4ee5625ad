/**
 * Real Redis, Elasticsearch and OpenSearch servers on loopback, for tests, the local run and benchmarks, on machines
 * without a container engine.
 *
 * <p>Contract: every server listens on 127.0.0.1 on a port chosen free at start, is waited for by polling
 * with a deadline (never a fixed sleep), keeps its output in a log file that is printed when start-up fails,
 * and can be stopped and started again on the same port and data directory (so fault tests can take it away
 * and bring it back). Nothing here needs Docker, a network, or anything installed beside a JDK.
 */
package io.logpipe.devstack;
