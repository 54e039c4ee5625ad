/** Micrometer meters of the shipper; contract: counters only grow, names are stable (dashboards use them). */
package io.logpipe.shipper.metrics;
