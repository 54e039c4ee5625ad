package io.logpipe.indexer.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Consumer ids of this process's workers: {@code <consumer-id>-0 … <consumer-id>-<workers-1>}.
 *
 * <p>Each worker is a consumer of its own, with its own in-flight list, so the workers of one process never
 * wait for each other. The ids are stable across restarts: a process restarted with the same
 * {@code consumer-id} and worker count picks up exactly the in-flight lists its previous life left behind.
 */
public final class ConsumerIds {
    private ConsumerIds() {
    }

    public static List<String> of(String base, int workers) {
        List<String> ids = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            ids.add(base + "-" + i);
        }
        return ids;
    }

    /** The configured id, else {@code HOSTNAME} (the pod name on Kubernetes), else the resolved host name. */
    public static String base(Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().trim();
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("indexer.consumer-id is not set and the host name is unknown", e);
        }
    }
}
