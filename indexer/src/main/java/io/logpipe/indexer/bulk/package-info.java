/**
 * Bulk: documents to {@code _bulk} requests, and each item's outcome (done / retry / dead).
 *
 * <p>Contract: {@link io.logpipe.indexer.bulk.BulkIndexer#index} returns only when every document is indexed or
 * has a dead-letter entry, or when told to give up; it never reports a document as settled that Elasticsearch
 * did not confirm or refuse for good. The caller removes the batch from Redis only after that, together with
 * writing the dead-letter entries.
 */
package io.logpipe.indexer.bulk;
