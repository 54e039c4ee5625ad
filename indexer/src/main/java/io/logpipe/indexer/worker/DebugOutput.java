package io.logpipe.indexer.worker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.common.codec.Rubydebug;
import io.logpipe.indexer.index.Document;

/**
 * {@code output { stdout { codec => rubydebug } }}: every document on its way to Elasticsearch printed as Logstash
 * prints it, one whole event at a time (workers print in turn on the shared stream). A debugging aid: it costs a
 * parse and a print per event.
 */
final class DebugOutput {
    private DebugOutput() {
    }

    static Worker.Documents printing(Worker.Documents documents, ObjectMapper json) {
        return printing(documents, json, System.out);
    }

    static Worker.Documents printing(Worker.Documents documents, ObjectMapper json, PrintStream out) {
        return element -> {
            Document doc = documents.build(element);
            if (doc != null) {
                String text;
                try {
                    text = Rubydebug.format(json.readTree(doc.source()));
                } catch (IOException e) {
                    text = new String(doc.source(), StandardCharsets.UTF_8) + "\n";
                }
                synchronized (out) {
                    out.print(text);
                    out.flush();
                }
            }
            return doc;
        };
    }
}
