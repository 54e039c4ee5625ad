/**
 * The pod's metadata from the Kubernetes Downward API, added to every event as ECS {@code kubernetes.*} and
 * {@code container.name} fields (the names Filebeat's {@code add_kubernetes_metadata} writes).
 *
 * <p>Contract: with {@code shipper.kubernetes.enabled}, the pod's identity comes from the environment variables
 * {@code POD_NAME}, {@code POD_NAMESPACE}, {@code POD_UID} and {@code NODE_NAME}, its labels (and the chosen
 * annotations) from {@code downwardAPI} volume files in the kubelet's format ({@code key="value"} per line, the value
 * quoted as Go's {@code %q} does). Any of these missing or unparseable stops the start-up, naming all that is
 * missing: a sidecar that ships events nobody can find by pod is worse than one that does not start. Label keys
 * are de-dotted ({@code .} → {@code _}, {@code /} kept) by default, as Filebeat does, so that {@code app} and
 * {@code app.kubernetes.io/name} do not clash as object and keyword in Elasticsearch. The files are read again
 * every {@code refresh-interval} (the kubelet rewrites them when labels or annotations change); a file that cannot
 * be read then keeps the last metadata, with a warning. No Kubernetes API access is needed.
 */
package io.logpipe.shipper.kubernetes;
