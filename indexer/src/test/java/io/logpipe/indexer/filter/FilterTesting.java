package io.logpipe.indexer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.LsclParser;

/** Shared scenario helpers for filter tests: a filter block's text in, the filtered event out. */
public final class FilterTesting {
    public static final ObjectMapper JSON = new ObjectMapper();

    private FilterTesting() {
    }

    /** Compiles {@code filter { <body> }} (the text of the block's inside). */
    public static FilterPipeline compile(String body) {
        return FilterPipeline.compile(LsclParser.parse("filter {\n" + body + "\n}\n", "test.conf"), Path.of("."));
    }

    /** Runs {@code filter { <body> }} over one event given as JSON; returns it as the filters left it. */
    public static Event run(String body, String eventJson) {
        Event event = event(eventJson);
        compile(body).run(event);
        return event;
    }

    public static Event event(String json) {
        try {
            return new Event((ObjectNode) JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One worker's check of one event: null when it is right, else what is wrong. */
    public interface WorkerCheck {
        String check(int worker, int i) throws Exception;
    }

    /**
     * Four threads run {@code check} 500 times each at once, as the indexer's workers share one compiled
     * pipeline; asserts that every check passed.
     */
    public static void onFourWorkers(WorkerCheck check) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                results.add(workers.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String wrong = check.check(worker, i);
                        if (wrong != null) {
                            return "worker " + worker + " event " + i + ": " + wrong;
                        }
                    }
                    return "ok";
                }));
            }
            for (Future<String> result : results) {
                assertEquals("ok", result.get());
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** Asserts that {@code filter { <body> }} is refused at start-up; returns the refusal. */
    public static ConfigException refused(String body) {
        return assertThrows(ConfigException.class, () -> compile(body));
    }
}
