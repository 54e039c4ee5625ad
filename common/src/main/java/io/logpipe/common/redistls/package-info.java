/**
 * The Redis client's TLS settings checked at start-up, by both services.
 *
 * <p>Contract: {@link io.logpipe.common.redistls.RedisTls#problem} reads {@code quarkus.redis.*} properties through
 * a function (no Quarkus, no I/O) and names any combination the Quarkus Redis client cannot honour, with the fix;
 * each service stops its start-up with that message instead of retrying a connection that can never succeed, or
 * talking plain TCP to a Redis the operator meant to reach over TLS. What works is in the README's Redis TLS
 * paragraph; {@code RedisTlsIT} (shipper) runs it against a {@code redis-server} that speaks TLS.
 */
package io.logpipe.common.redistls;
