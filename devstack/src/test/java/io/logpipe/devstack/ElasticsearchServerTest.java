package io.logpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

class ElasticsearchServerTest {

    @Test
    void bulkOfAThousandDocumentsIsCounted() throws Exception {
        ElasticsearchServer es = SharedServers.elasticsearch();
        System.out.println("Elasticsearch up in " + es.startMillis() + " ms");
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            bulk.append("{\"create\":{\"_index\":\"logstash-2026.11.24\",\"_id\":\"doc-").append(i).append("\"}}\n");
            bulk.append("{\"@timestamp\":\"2026-11-24T10:00:00.000Z\",\"message\":\"line ").append(i).append("\"}\n");
        }
        HttpResponse<String> response = es.request("POST", "/_bulk?refresh=true", bulk.toString());
        assertEquals(200, response.statusCode(), response.body());
        assertFalse(response.body().startsWith("{\"errors\":true"), response.body());
        HttpResponse<String> count = es.request("GET", "/logstash-2026.11.24/_count", null);
        assertEquals(200, count.statusCode(), count.body());
        assertTrue(count.body().contains("\"count\":1000,"), count.body());
    }
}
