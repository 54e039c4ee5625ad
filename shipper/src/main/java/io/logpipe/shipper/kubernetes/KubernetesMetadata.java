package io.logpipe.shipper.kubernetes;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.jboss.logging.Logger;

import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.event.EventMetadata;

/**
 * Keeps the events' {@code kubernetes.*} fields up to date: read once at start-up (failing it when the Downward API
 * gives too little), then the labels and annotations files again on every {@link #refresh} (the kubelet rewrites
 * them after {@code kubectl label}). Events read after a change carry the new labels; those already sent keep
 * theirs.
 */
public final class KubernetesMetadata {
    private static final Logger LOG = Logger.getLogger(KubernetesMetadata.class);

    private final ShipperConfig.Kubernetes config;
    private final EventMetadata target;
    private PodMetadata pod;
    /** The last refresh problem reported, so that a lasting one is logged once rather than every interval. */
    private String problem;

    private KubernetesMetadata(ShipperConfig.Kubernetes config, EventMetadata target, PodMetadata pod) {
        this.config = config;
        this.target = target;
        this.pod = pod;
    }

    /**
     * Reads the pod's metadata and puts it into {@code target}.
     *
     * @throws IllegalStateException naming everything the Downward API did not give
     */
    public static KubernetesMetadata start(ShipperConfig.Kubernetes config, Map<String, String> env,
            EventMetadata target) {
        PodMetadata pod = PodMetadata.read(config, env);
        KubernetesMetadata k = new KubernetesMetadata(config, target, pod);
        k.publish();
        LOG.infof("events carry the Kubernetes metadata of %s", pod.describe());
        return k;
    }

    /** Reads the labels and annotations again; a change reaches events read from now on. Not thread-safe. */
    public void refresh() {
        PodMetadata now;
        try {
            now = pod.reread(config);
        } catch (IOException | RuntimeException e) {
            String what = e.toString();
            if (!what.equals(problem)) {
                LOG.warnf("cannot read the pod's labels or annotations again (%s); events keep the last ones read", what);
                problem = what;
            }
            return;
        }
        if (problem != null) {
            LOG.infof("the pod's labels and annotations are readable again");
            problem = null;
        }
        if (!now.equals(pod)) {
            LOG.infof("the pod's labels or annotations changed: labels %s, annotations %s", now.labels(), now.annotations().keySet());
            pod = now;
            publish();
        }
    }

    /** How often {@link #refresh} should run ({@code shipper.kubernetes.refresh-interval}); zero: never. */
    public Duration refreshInterval() {
        return config.refreshInterval();
    }

    /** What events carry now. */
    public PodMetadata pod() {
        return pod;
    }

    private void publish() {
        target.set(pod.fields(config.labelsDedot(), config.annotationsDedot()));
    }
}
