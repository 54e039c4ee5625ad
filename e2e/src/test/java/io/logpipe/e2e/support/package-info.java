/**
 * Helpers shared by the end-to-end tests: {@link io.logpipe.e2e.support.ServiceProcess} (a packaged service as
 * a process: start with a configuration map, wait for readiness, kill -9, stop, its log),
 * {@link io.logpipe.e2e.support.Search} (what Elasticsearch holds, exactly), {@link io.logpipe.e2e.support.Queues}
 * (what Redis still holds), {@link io.logpipe.e2e.support.LineWriter} and {@link io.logpipe.e2e.support.AppLog}
 * (an application writing log files, with stack traces and rotation).
 *
 * <p>Contract: no fixed ports, no sleeps to wait for something (only {@code Poll} with a deadline), every
 * failure message carries the tail of the logs that explain it.
 */
package io.logpipe.e2e.support;
