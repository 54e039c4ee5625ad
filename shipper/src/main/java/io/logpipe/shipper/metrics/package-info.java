/** Micrometer meters of the shipper; contract: counters only grow, names are stable (dashboards use them),
 * counts are kept here and read at scrape time, so a registry attached late still sees them all. */
package io.logpipe.shipper.metrics;
