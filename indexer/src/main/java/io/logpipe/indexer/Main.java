package io.logpipe.indexer;

import java.util.ArrayList;
import java.util.List;

import io.logpipe.indexer.pipelinefile.PipelineFileSource;
import io.logpipe.indexer.replay.ReplayCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the indexer service, and of its one-off commands.
 *
 * <p>{@code java -jar quarkus-run.jar} runs the service. {@code java -jar quarkus-run.jar replay-dead-letters
 * [--limit N] [--dry-run]} runs {@link ReplayCommand} in Quarkus command mode instead: the same configuration
 * (so the same Redis and keys), but no workers, no template, no HTTP server (it may run beside the service, in the
 * same container, whose port is taken), and the process exits with the command's code.
 */
@QuarkusMain
public final class Main {
    /** Set while a command runs instead of the service; the service's start-up observers read it. */
    static final String COMMAND_PROPERTY = "logpipe.indexer.command";

    private Main() {
    }

    /** {@code --config FILE}: a Logstash pipeline file ({@code indexer.config}); other arguments go to Quarkus. */
    public static void main(String... args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                System.setProperty(PipelineFileSource.PROPERTY, args[++i]);
            } else if (args[i].startsWith("--config=")) {
                System.setProperty(PipelineFileSource.PROPERTY, args[i].substring("--config=".length()));
            } else {
                rest.add(args[i]);
            }
        }
        if (!rest.isEmpty() && rest.get(0).equals(ReplayCommand.NAME)) {
            System.setProperty(COMMAND_PROPERTY, ReplayCommand.NAME);
            // The service may hold the port in the same container; a command answers nobody over HTTP.
            System.setProperty("quarkus.http.host-enabled", "false");
            Quarkus.run(ReplayCommand.class, rest.subList(1, rest.size()).toArray(String[]::new));
            return;
        }
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            // a mistyped command must not start the service instead
            System.err.println("unknown command '" + rest.get(0) + "'; the indexer runs with no command, or with: "
                    + ReplayCommand.NAME + " [--limit N] [--dry-run]");
            System.exit(2);
        }
        Quarkus.run(rest.toArray(String[]::new));
    }

    /** True when this process runs a one-off command rather than the service. */
    public static boolean runsCommand() {
        return System.getProperty(COMMAND_PROPERTY) != null;
    }
}
