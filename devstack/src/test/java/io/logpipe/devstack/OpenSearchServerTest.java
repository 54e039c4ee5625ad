package io.logpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** One OpenSearch start for all checks (a start costs 15-30 s on the shared 2-core machine). */
class OpenSearchServerTest {

    @Test
    void answersHealthAndRunsAnIngestPipelineOfGrokDateAndConvert() throws Exception {
        try (OpenSearchServer os = OpenSearchServer.builder().build().start()) {
            System.out.println("OpenSearch up in " + os.startMillis() + " ms");
            HttpResponse<String> health = os.request("GET", "/_cluster/health", null);
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"cluster_name\":\"devstack\""), health.body());
            HttpResponse<String> root = os.request("GET", "/", null);
            assertTrue(root.body().contains("\"distribution\" : \"opensearch\""), root.body());

            // The processors live in the ingest-common module that the build adds to the integ-test zip: without
            // it, OpenSearch refuses the pipeline ("No processor type exists with name [grok]").
            String pipeline = """
                    {"processors": [
                      {"grok": {"field": "message", "patterns": ["%{COMBINEDAPACHELOG}"]}},
                      {"date": {"field": "timestamp", "formats": ["dd/MMM/yyyy:HH:mm:ss Z"], "target_field": "@timestamp"}},
                      {"convert": {"field": "bytes", "type": "integer", "ignore_missing": true, "ignore_failure": true}}
                    ]}""";
            HttpResponse<String> put = os.request("PUT", "/_ingest/pipeline/access", pipeline);
            assertEquals(200, put.statusCode(), put.body());

            String line = "93.180.71.3 - - [17/May/2015:08:05:32 +0000] \\\"GET /downloads/product_1 HTTP/1.1\\\" 304 0"
                    + " \\\"-\\\" \\\"Debian APT-HTTP/1.3 (0.8.16~exp12ubuntu10.21)\\\"";
            String noBytes = line.replace("304 0", "404 -");
            HttpResponse<String> simulated = os.request("POST", "/_ingest/pipeline/access/_simulate",
                    "{\"docs\": [{\"_source\": {\"message\": \"" + line + "\"}}, {\"_source\": {\"message\": \"" + noBytes + "\"}}]}");
            assertEquals(200, simulated.statusCode(), simulated.body());
            String body = simulated.body();
            assertTrue(body.contains("\"bytes\":0,"), body);
            assertTrue(body.contains("\"@timestamp\":\"2015-05-17T08:05:32.000Z\""), body);
            assertTrue(body.contains("\"response\":\"304\""), body);
            // "-" bytes: grok leaves the field out, convert skips it, the document is still indexed
            assertTrue(body.contains("\"response\":\"404\""), body);
            assertTrue(!body.contains("\"error\""), body);
        }
    }
}
