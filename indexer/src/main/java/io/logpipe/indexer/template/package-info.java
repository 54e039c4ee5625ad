/**
 * The index template the indexer installs at start-up.
 *
 * <p>Contract: workers start only after {@link io.logpipe.indexer.template.IndexTemplate#install()} succeeded (or
 * the template is disabled), so no index is created with dynamic mappings in its place.
 */
package io.logpipe.indexer.template;
