package io.logpipe.shipper;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the shipper service. {@code --config FILE} (or {@code --config=FILE}, or Logstash's {@code -f FILE})
 * names a Logstash pipeline file: it becomes the system property {@code shipper.config} before Quarkus reads its
 * configuration; other arguments are passed on.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        Quarkus.run(takeConfigArgument(args));
    }

    /** Sets {@code shipper.config} from the arguments; returns the others. */
    static String[] takeConfigArgument(String... args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--config=")) {
                System.setProperty("shipper.config", a.substring("--config=".length()));
            } else if (a.equals("--config") || a.equals("-f")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(a + " needs a file: " + a + " shipper.conf");
                }
                System.setProperty("shipper.config", args[++i]);
            } else {
                rest.add(a);
            }
        }
        return rest.toArray(String[]::new);
    }
}
