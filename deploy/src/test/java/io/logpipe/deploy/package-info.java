/**
 * Tests of the Kubernetes manifests in {@code deploy/}: every kustomization is rendered with the real
 * {@code kubectl kustomize} (or {@code kustomize build}), every document is parsed strictly into typed
 * Kubernetes models (unknown fields and wrong scalar types fail; custom resources are checked against a
 * structural description), and the rendered sets are checked for the references between their objects
 * (volumes, Secrets, ConfigMaps, scale targets, the Redis list key) that the API server would not catch.
 */
package io.logpipe.deploy;
