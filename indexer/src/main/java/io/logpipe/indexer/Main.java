package io.logpipe.indexer;

import java.util.ArrayList;
import java.util.List;

import io.logpipe.indexer.pipelinefile.PipelineFileSource;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the indexer service. */
@QuarkusMain
public final class Main {
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
        Quarkus.run(rest.toArray(String[]::new));
    }
}
