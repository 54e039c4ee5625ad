package io.logpipe.shipper;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the shipper service. */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        Quarkus.run(args);
    }
}
