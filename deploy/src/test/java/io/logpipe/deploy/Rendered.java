package io.logpipe.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The documents one kustomization rendered to, with lookups and the checks of references between them that
 * a schema cannot express and the API server would only report at apply or run time (a mount of a volume
 * the pod lacks, both {@code value} and {@code valueFrom} on one variable, a Service selecting no pod, a
 * scale target that does not exist, a container running as root).
 */
final class Rendered {

    /**
     * Secrets referenced but deliberately not rendered: created out of band (passwords stay out of git) or by
     * the ECK operator (only valid where an ECK Elasticsearch is rendered).
     */
    static final Set<String> EXTERNAL_SECRETS = Set.of("logpipe-redis", "logpipe-indexer-es");
    static final Set<String> ECK_SECRETS = Set.of("logpipe-es-elastic-user", "logpipe-es-http-certs-public");

    final String name;
    final List<Manifest> manifests;

    Rendered(String name, List<Manifest> manifests) {
        this.name = name;
        this.manifests = manifests;
    }

    /** The documents of a kind; those that failed their strict parse (reported already) are left out. */
    Stream<Manifest> ofKind(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind))
                .filter(m -> m.typed() != null || CustomResources.knows(m.apiVersion(), m.kind()));
    }

    Optional<Manifest> find(String kind, String name) {
        return ofKind(kind).filter(m -> m.name().equals(name)).findFirst();
    }

    Deployment deployment(String name) {
        return find("Deployment", name).orElseThrow(() -> new AssertionError(this.name + ": no Deployment " + name))
                .as(Deployment.class);
    }

    /** Every pod template with the id of its owner: Deployments, StatefulSets and ECK node sets. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> out = new LinkedHashMap<>();
        ofKind("Deployment").forEach(m -> out.put(m.id(), m.as(Deployment.class).getSpec().getTemplate()));
        ofKind("StatefulSet").forEach(m -> out.put(m.id(), m.as(StatefulSet.class).getSpec().getTemplate()));
        return out;
    }

    static List<Container> allContainers(PodSpec spec) {
        List<Container> all = new ArrayList<>(spec.getInitContainers());
        all.addAll(spec.getContainers());
        return all;
    }

    static Optional<EnvVar> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    static Optional<Container> container(PodSpec spec, String name) {
        return allContainers(spec).stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    Optional<String> configMapData(String name, String key) {
        return ofKind("ConfigMap").filter(m -> m.name().equals(name)).findFirst()
                .map(m -> m.as(ConfigMap.class).getData().get(key));
    }

    /** All problems of references and hardening in this rendered set; empty when all is well. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        boolean eck = ofKind("Elasticsearch").findAny().isPresent();
        Set<String> secrets = names("Secret");
        Set<String> configMaps = names("ConfigMap");
        Map<String, Set<String>> claims = new LinkedHashMap<>();
        ofKind("StatefulSet").forEach(m -> claims.put(m.id(), m.as(StatefulSet.class).getSpec().getVolumeClaimTemplates()
                .stream().map(c -> c.getMetadata().getName()).collect(java.util.stream.Collectors.toSet())));
        podTemplates().forEach((owner, template) -> {
            PodSpec spec = template.getSpec();
            // A StatefulSet's volume claim templates are volumes of its pods.
            Set<String> volumes = new java.util.HashSet<>(claims.getOrDefault(owner, Set.of()));
            for (Volume v : spec.getVolumes()) {
                if (!volumes.add(v.getName())) {
                    problems.add(owner + ": volume " + v.getName() + " declared twice");
                }
                if (v.getConfigMap() != null && !configMaps.contains(v.getConfigMap().getName())) {
                    problems.add(owner + ": volume " + v.getName() + " uses ConfigMap " + v.getConfigMap().getName()
                            + ", which is not rendered");
                }
                if (v.getSecret() != null) {
                    checkSecret(owner, v.getSecret().getSecretName(), secrets, eck, problems);
                }
            }
            Set<String> containerNames = new java.util.HashSet<>();
            for (Container c : allContainers(spec)) {
                String where = owner + " container " + c.getName();
                if (!containerNames.add(c.getName())) {
                    problems.add(where + ": name used twice in the pod");
                }
                for (VolumeMount vm : c.getVolumeMounts()) {
                    if (!volumes.contains(vm.getName())) {
                        problems.add(where + ": mounts volume " + vm.getName() + ", which the pod does not declare");
                    }
                }
                Set<String> envNames = new java.util.HashSet<>();
                for (EnvVar e : c.getEnv()) {
                    if (!envNames.add(e.getName())) {
                        problems.add(where + ": env " + e.getName() + " set twice");
                    }
                    if (e.getValue() != null && e.getValueFrom() != null) {
                        problems.add(where + ": env " + e.getName() + " has both value and valueFrom");
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        checkSecret(where, e.getValueFrom().getSecretKeyRef().getName(), secrets, eck, problems);
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null
                            && !configMaps.contains(e.getValueFrom().getConfigMapKeyRef().getName())) {
                        problems.add(where + ": env " + e.getName() + " uses a ConfigMap that is not rendered");
                    }
                }
                if (isLogpipe(c)) {
                    checkHardened(where, spec, c, problems);
                }
            }
        });
        checkSelectors(problems);
        checkScaleTargets(problems);
        return problems;
    }

    private Set<String> names(String kind) {
        Set<String> names = new java.util.HashSet<>();
        ofKind(kind).forEach(m -> names.add(m.name()));
        return names;
    }

    private static void checkSecret(String where, String secret, Set<String> rendered, boolean eck,
            List<String> problems) {
        if (rendered.contains(secret) || EXTERNAL_SECRETS.contains(secret)) {
            return;
        }
        if (ECK_SECRETS.contains(secret)) {
            if (!eck) {
                problems.add(where + ": uses ECK's Secret " + secret + " but no ECK Elasticsearch is rendered");
            }
            return;
        }
        problems.add(where + ": uses Secret " + secret + ", which is neither rendered nor a known external one");
    }

    /** logpipe's own containers (and its Redis) run hardened; Elasticsearch's and the examples' are theirs. */
    private static boolean isLogpipe(Container c) {
        return c.getName().startsWith("logpipe-") || c.getName().equals("redis") || c.getName().equals("es-truststore");
    }

    private static void checkHardened(String where, PodSpec pod, Container c, List<String> problems) {
        var sc = c.getSecurityContext();
        boolean nonRoot = (sc != null && Boolean.TRUE.equals(sc.getRunAsNonRoot()))
                || (pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()));
        if (!nonRoot) {
            problems.add(where + ": runAsNonRoot is not set");
        }
        if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            problems.add(where + ": readOnlyRootFilesystem is not true");
        }
        if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            problems.add(where + ": allowPrivilegeEscalation is not false");
        }
        if (sc == null || sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
            problems.add(where + ": capabilities do not drop ALL");
        }
        if (c.getResources() == null || c.getResources().getLimits().get("memory") == null
                || c.getResources().getRequests().get("memory") == null) {
            problems.add(where + ": no memory request and limit");
        }
        if (c.getName().startsWith("logpipe-")) {
            for (var probe : java.util.Arrays.asList(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
                if (probe != null && (probe.getHttpGet() == null || !probe.getHttpGet().getPath().startsWith("/q/health/"))) {
                    problems.add(where + ": a probe that is not an HTTP GET on /q/health/*");
                }
            }
            if (c.getLivenessProbe() == null) {
                problems.add(where + ": no liveness probe");
            }
        }
    }

    private void checkSelectors(List<String> problems) {
        Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
        podTemplates().forEach((owner, t) -> podLabels.put(owner, t.getMetadata().getLabels()));
        ofKind("Deployment").forEach(m -> checkMatch(m.id(), m.as(Deployment.class).getSpec().getSelector().getMatchLabels(),
                m.as(Deployment.class).getSpec().getTemplate().getMetadata().getLabels(), problems));
        ofKind("StatefulSet").forEach(m -> checkMatch(m.id(), m.as(StatefulSet.class).getSpec().getSelector().getMatchLabels(),
                m.as(StatefulSet.class).getSpec().getTemplate().getMetadata().getLabels(), problems));
        ofKind("Service").forEach(m -> {
            Map<String, String> selector = m.as(Service.class).getSpec().getSelector();
            if (podLabels.values().stream().noneMatch(l -> l.entrySet().containsAll(selector.entrySet()))) {
                problems.add(m.id() + ": selector " + selector + " matches no rendered pod template");
            }
        });
        ofKind("PodDisruptionBudget").forEach(m -> {
            Map<String, String> selector = m.as(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels();
            if (podLabels.values().stream().noneMatch(l -> l.entrySet().containsAll(selector.entrySet()))) {
                problems.add(m.id() + ": selector " + selector + " matches no rendered pod template");
            }
        });
    }

    private static void checkMatch(String id, Map<String, String> selector, Map<String, String> labels,
            List<String> problems) {
        if (selector == null || selector.isEmpty() || labels == null || !labels.entrySet().containsAll(selector.entrySet())) {
            problems.add(id + ": selector " + selector + " does not match its template's labels " + labels);
        }
    }

    /** Every autoscaler targets a rendered Deployment, and no Deployment has two autoscalers. */
    private void checkScaleTargets(List<String> problems) {
        Map<String, String> scaledBy = new LinkedHashMap<>();
        ofKind("HorizontalPodAutoscaler").forEach(m -> {
            var ref = m.as(HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef();
            target(m.id(), ref.getKind(), ref.getName(), scaledBy, problems);
        });
        ofKind("ScaledObject").forEach(m -> {
            JsonNode ref = m.raw().path("spec").path("scaleTargetRef");
            target(m.id(), ref.path("kind").asText("Deployment"), ref.path("name").asText(), scaledBy, problems);
            m.raw().path("spec").path("triggers").forEach(t -> {
                String auth = t.path("authenticationRef").path("name").asText(null);
                if (auth != null && find("TriggerAuthentication", auth).isEmpty()) {
                    problems.add(m.id() + ": authenticationRef " + auth + " is not rendered");
                }
            });
        });
    }

    private void target(String id, String kind, String name, Map<String, String> scaledBy, List<String> problems) {
        if (find(kind, name).isEmpty()) {
            problems.add(id + ": scale target " + kind + " " + name + " is not rendered");
        }
        String previous = scaledBy.put(kind + "/" + name, id);
        if (previous != null && !Objects.equals(previous, id)) {
            problems.add(kind + " " + name + " is scaled by both " + previous + " and " + id);
        }
    }
}
