/** Health checks; contract: liveness fails only when the shipper cannot recover by itself (a thread died). */
package io.logpipe.shipper.health;
