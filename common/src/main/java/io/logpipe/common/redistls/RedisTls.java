package io.logpipe.common.redistls;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Refuses a plain {@code redis://} host combined with TLS settings. The Quarkus Redis client takes TLS from the
 * URL's scheme: with {@code quarkus.redis.tls.enabled=true} and {@code redis://} it never connects ("Pool
 * initialized with SSL but connection requested plain socket", retried forever); with a named TLS configuration
 * ({@code quarkus.redis.tls-configuration-name}) and {@code redis://} it logs a warning and drops TLS, so it either
 * never connects to a TLS port or, worse, talks plain TCP where TLS was meant. Both are one scheme away from
 * working, so the start-up stops and says so.
 */
public final class RedisTls {
    static final String HOSTS = "quarkus.redis.hosts";
    static final String ENABLED = "quarkus.redis.tls.enabled";
    static final String CONFIGURATION_NAME = "quarkus.redis.tls-configuration-name";

    private RedisTls() {
    }

    /**
     * Why the client's TLS settings cannot work with its hosts, naming the fix; empty when they can.
     *
     * @param property the value of a {@code quarkus.redis.*} property, if set
     */
    public static Optional<String> problem(Function<String, Optional<String>> property) {
        boolean enabled = property.apply(ENABLED).map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
        Optional<String> named = property.apply(CONFIGURATION_NAME).map(String::trim).filter(v -> !v.isEmpty());
        if (!enabled && named.isEmpty()) {
            return Optional.empty();
        }
        for (String host : property.apply(HOSTS).orElse("").split(",")) {
            String url = host.trim();
            if (!url.toLowerCase(Locale.ROOT).startsWith("redis://")) {
                continue;
            }
            String fix = "rediss://" + withoutCredentials(url.substring("redis://".length()));
            String effect = enabled
                    ? ENABLED + " is true, which the client cannot honour on a redis:// URL: it never connects (\"Pool"
                            + " initialized with SSL but connection requested plain socket\")"
                    : CONFIGURATION_NAME + " is " + named.get() + ", which the client drops for a redis:// URL: it"
                            + " talks plain TCP, which a TLS port refuses and a plain one should not get";
            return Optional.of(HOSTS + " has " + withoutCredentials(url) + " (plain TCP) while " + effect
                    + ". TLS comes from the URL's scheme: write " + fix + " (also with "
                    + "quarkus.redis.tls.trust-all or a named TLS configuration; see the README's Redis TLS paragraph)");
        }
        return Optional.empty();
    }

    /** The URL, or what follows its scheme, with any {@code user:password@} shown as {@code …@}. */
    private static String withoutCredentials(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int slash = url.indexOf('/', start);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() - 1 : slash);
        return at < start ? url : url.substring(0, start) + "…" + url.substring(at);
    }
}
