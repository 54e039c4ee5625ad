/**
 * The runtime half of the logpipe dev services extension. Nothing of it runs in the application: the extension works
 * at build time, in dev mode and tests (see {@code io.logpipe.devservices.deployment}). Applications declare it with
 * scope {@code provided}, so it is never part of a production build.
 */
package io.logpipe.devservices;
