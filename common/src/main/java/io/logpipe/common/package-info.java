/**
 * Pieces both services share and that have no pipeline stage of their own.
 *
 * <p>Contract: pure Java, no Quarkus, no I/O; time is read only through an injectable {@link java.time.Clock}
 * or passed in, so behaviour is testable without sleeping.
 */
package io.logpipe.common;
