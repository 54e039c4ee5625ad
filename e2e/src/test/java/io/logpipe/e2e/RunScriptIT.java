package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.Poll;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.LogstashExamples;
import io.logpipe.e2e.support.RubydebugOutput;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * The README's run command, {@code ./logpipe-local}, as a user runs it (with {@code --no-build}: the reactor
 * has just built the jars): the sample log arrives in Elasticsearch, a second run finds the indices and the
 * shipper's offsets again (nothing read twice), and the stdin walkthrough indexes what was typed and stops
 * by itself at the end of input. With the classic Logstash files ({@code --config-shipper}, {@code --config-indexer}),
 * both services print what was typed in rubydebug and the file input goes on after the end of input.
 */
class RunScriptIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern ES_URL = Pattern.compile("Elasticsearch\\s+(http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern INDEXER_URL = Pattern.compile("indexer\\s+(http://127\\.0\\.0\\.1:\\d+)/q/health");
    private static final Duration UP = Duration.ofMinutes(4);

    @Test
    void sampleArrivesSecondRunContinuesAndStdinWalkthroughIndexesWhatWasTyped() throws Exception {
        Path work = Services.workDir("run-script");
        Path data = work.resolve("data");
        Path logs = work.resolve("logs");
        String index = "logstash-" + DateTimeFormatter.ofPattern("yyyy.MM.dd").format(ZonedDateTime.now(ZoneOffset.UTC));
        int sampleEvents = AppLog.events(FilesToElasticsearchIT.sampleLog()).size();

        // First run: an empty ./logs gets the sample log; its events arrive.
        Run first = Run.start(work, "first", data, List.of("--logs", logs.toString()));
        try {
            String es = first.awaitElasticsearch();
            Poll.until(sampleEvents + " sample events in logstash-*", UP, Duration.ofMillis(500),
                    () -> count(es, "logstash-*") == sampleEvents, first::tail);
            Poll.until("a status line", Duration.ofSeconds(30), Duration.ofMillis(500),
                    () -> first.output().contains("queued 0 | in flight 0"), first::tail);
        } finally {
            assertEquals(List.of(), first.stop(), "processes left running after the first run");
        }
        assertTrue(first.output().contains("created " + logs.resolve("app.log")), first.tail());
        assertTrue(first.output().contains("stopped. Data kept in " + data), first.tail());

        // Second run, same data folder: five more events; the indices and offsets of the first run are still there.
        try (LineWriter app = LineWriter.append(logs.resolve("app.log"))) {
            for (int seq = 0; seq < 5; seq++) {
                app.write(AppLog.event("run-script", seq, seq == 2));
            }
        }
        Run second = Run.start(work, "second", data, List.of("--logs", logs.toString()));
        try {
            String es = second.awaitElasticsearch();
            Poll.until((sampleEvents + 5) + " events in logstash-*", UP, Duration.ofMillis(500),
                    () -> count(es, "logstash-*") == sampleEvents + 5 && second.output().contains("queued 0 | in flight 0"),
                    second::tail);
            // Nothing read twice (the document count could not tell: ids are deterministic, a resent event is a 409):
            // this run's indexer saw exactly the five new events, created or already there, because the shipper
            // found its offsets. (The indexer is ready before the shipper starts, so its counters miss nothing.)
            Poll.until("the indexer to have seen 5 events", Duration.ofSeconds(30), Duration.ofMillis(500),
                    () -> second.metric(INDEXER_URL, "indexer_events_indexed_total") >= 5, second::tail);
            assertEquals(5.0, second.metric(INDEXER_URL, "indexer_events_indexed_total"), second.tail());
        } finally {
            assertEquals(List.of(), second.stop(), "processes left running after the second run");
        }

        // The classic walkthrough, through a pipe: the event is printed, indexed, and the script stops by itself.
        String token = "hello-" + UUID.randomUUID();
        Run stdin = Run.start(work, "stdin", data, List.of("--stdin"));
        try {
            stdin.awaitElasticsearch();
            stdin.type("hello world " + token + "\n");
            stdin.endInput();
            assertTrue(stdin.process.waitFor(3, TimeUnit.MINUTES), "the script stops at the end of input:\n" + stdin.tail());
        } finally {
            assertEquals(List.of(), stdin.stop(), "processes left running after the stdin run");
        }
        String out = stdin.output();
        assertEquals(0, stdin.process.exitValue(), out);
        assertTrue(out.contains("\"message\" : \"hello world " + token + "\""), "the debug output shows the event:\n" + out);
        assertTrue(out.contains("searchable: " + index + " (" + (sampleEvents + 6) + " docs)"),
                "the typed line is in today's index:\n" + out);
    }

    /**
     * {@code ./logpipe-local --config-shipper examples/logstash/shipper.conf --config-indexer examples/logstash/indexer.conf}:
     * the classic files as they are, the log file's path set in the environment on top of the shipper's file.
     * {@code hello world} typed (through a pipe) is printed in rubydebug by the shipper and by the indexer, each
     * line marked with the service; a stack trace in the file arrives as one event; at the end of input the
     * script goes on tailing the file (the shipper's file has a file input) until it is stopped.
     */
    @Test
    void classicLogstashFilesRunAsTheyAreWithStdinAndTheirFileInput() throws Exception {
        Path work = Services.workDir("run-script-logstash");
        Path log = work.resolve("app-logs").resolve("access.log");
        List<String> trace = AppLog.event("run-script-logstash", 1, true);
        try (LineWriter app = LineWriter.append(log)) {
            app.write(AppLog.event("run-script-logstash", 0, false));
            app.write(trace);
            app.write(AppLog.event("run-script-logstash", 2, false));
        }
        Path examples = LogstashExamples.dir();
        Run run = Run.start(work, "logstash", work.resolve("data"), List.of(
                "--config-shipper", examples.resolve("shipper.conf").toString(),
                "--config-indexer", examples.resolve("indexer.conf").toString()),
                Map.of("SHIPPER_INPUTS_FILE_PATHS", log.toString()));
        try {
            run.awaitElasticsearch();
            assertTrue(run.output().contains("printed below  events from the files' stdout { } outputs"), run.tail());
            run.type("hello world\n");
            String traceMessage = AppLog.message(trace);
            for (String service : List.of("shipper", "indexer")) {
                for (String message : List.of("hello world", traceMessage)) {
                    Poll.until(service + " to print [" + message.lines().findFirst().orElse("") + "]", UP, Duration.ofMillis(500),
                            () -> printed(run.output(), service).stream()
                                    .anyMatch(e -> e.string("message").equals(Optional.of(message))), run::tail);
                }
            }
            RubydebugOutput.Event indexed = printed(run.output(), "indexer").stream()
                    .filter(e -> e.string("message").equals(Optional.of("hello world"))).findFirst().orElseThrow();
            assertEquals("\"redis\"", indexed.fields().get("type"), indexed.text());
            Poll.until("a searchable line", Duration.ofSeconds(60), Duration.ofMillis(500),
                    () -> run.output().contains("[logpipe] searchable: logstash-"), run::tail);
            run.endInput();
            Poll.until("the script to go on after the end of input", Duration.ofSeconds(30), Duration.ofMillis(250),
                    () -> run.output().contains("end of standard input; the shipper goes on tailing its files"), run::tail);
            assertTrue(run.process.isAlive(), "still running after the end of input, for the file input:" + run.tail());
        } finally {
            assertEquals(List.of(), run.stop(), "processes left running after the run with Logstash files");
        }
        assertTrue(run.output().contains("stopped. Data kept in"), run.tail());
    }

    /** The events a service printed in rubydebug on the script's output (its lines marked "service | "). */
    private static List<RubydebugOutput.Event> printed(String output, String service) {
        String prefix = service + " | ";
        StringBuilder text = new StringBuilder();
        output.lines().filter(l -> l.startsWith(prefix)).forEach(l -> text.append(l.substring(prefix.length())).append('\n'));
        return RubydebugOutput.events(text.toString());
    }

    private static long count(String es, String pattern) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/" + pattern
                    + "/_count?allow_no_indices=true&ignore_unavailable=true")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? new ObjectMapper().readTree(response.body()).path("count").asLong() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** One invocation of the script, its combined output in a file. */
    private static final class Run {
        final Process process;
        final Path output;
        final Path data;
        final List<Long> pids = new ArrayList<>();

        private Run(Process process, Path output, Path data) {
            this.process = process;
            this.output = output;
            this.data = data;
        }

        static Run start(Path work, String name, Path data, List<String> options) throws IOException {
            return start(work, name, data, options, Map.of());
        }

        static Run start(Path work, String name, Path data, List<String> options, Map<String, String> env) throws IOException {
            Path script = script();
            List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--no-build", "--data", data.toString()));
            command.addAll(options);
            Path output = work.resolve(name + ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(script.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(env);
            return new Run(builder.start(), output, data);
        }

        static Path script() {
            String configured = System.getProperty("logpipe.e2e.script");
            return (configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../logpipe-local"))
                    .toAbsolutePath().normalize();
        }

        /**
         * Waits for the whole "logpipe is running" block and returns the Elasticsearch URL it names. The block
         * is written a line at a time, so waiting for its first line can read it before the URLs (a CI run did);
         * its last line, the data folder, says all of it is there.
         */
        String awaitElasticsearch() {
            Poll.until("logpipe-local to be up", UP, Duration.ofMillis(500), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("logpipe-local exited with " + process.exitValue() + ":\n" + tail());
                }
                return output().contains("logpipe is running") && output().contains("  data folder  ");
            }, this::tail);
            rememberPids();
            Matcher m = ES_URL.matcher(output());
            assertTrue(m.find(), output());
            return m.group(1);
        }

        void type(String text) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        void endInput() throws IOException {
            process.getOutputStream().close();
        }

        /**
         * SIGTERM, as Ctrl-C does (the script traps both), and wait for it to stop everything; returns the
         * processes it left running (which are then killed, so they do not outlive the test).
         */
        List<Long> stop() throws InterruptedException {
            rememberPids();
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            }
            List<Long> left = survivors();
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }));
            return left;
        }

        private List<Long> survivors() {
            return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
        }

        /** A metric of a service this run started (its address is in the script's output). */
        double metric(Pattern service, String name) {
            Matcher m = service.matcher(output());
            assertTrue(m.find(), output());
            try {
                HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/q/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return ServiceProcess.sumMetric(metrics.body(), name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void rememberPids() {
            try (Stream<Path> files = Files.list(data.resolve("pids"))) {
                files.filter(f -> f.toString().endsWith(".pid")).forEach(f -> {
                    try {
                        long pid = Long.parseLong(Files.readString(f).trim());
                        if (!pids.contains(pid)) {
                            pids.add(pid);
                        }
                    } catch (IOException | NumberFormatException ignored) {
                        // written while we read it; the next look finds it
                    }
                });
            } catch (IOException ignored) {
                // no pids folder yet
            }
        }

        String output() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        String tail() {
            String all = output();
            return "\n--- " + output + " ---\n" + all.substring(Math.max(0, all.length() - 4000));
        }
    }
}
