package io.logpipe.indexer.bulk;

import java.io.IOException;

import org.apache.http.HttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** {@link BulkTransport} over the low-level Elasticsearch client that Quarkus configures. */
public final class RestClientTransport implements BulkTransport {
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    /** Per item its status and error; for a request refused as a whole its error and status. */
    static final String FILTER_PATH = "errors,items.*.status,items.*.error,error,status";

    private final RestClient client;

    public RestClientTransport(RestClient client) {
        this.client = client;
    }

    @Override
    public Reply post(byte[] body, int offset, int length) throws IOException {
        Request request = new Request("POST", "/_bulk");
        // Only what BulkReply reads: Elasticsearch then writes (and we read) about 25 bytes per item instead of
        // about 200, CPU that both share on a small node.
        request.addParameter("filter_path", FILTER_PATH);
        request.setEntity(new NByteArrayEntity(body, offset, length, NDJSON));
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            response = e.getResponse();
        }
        HttpEntity entity = response.getEntity();
        return new Reply(response.getStatusLine().getStatusCode(), entity == null ? new byte[0] : EntityUtils.toByteArray(entity));
    }
}
