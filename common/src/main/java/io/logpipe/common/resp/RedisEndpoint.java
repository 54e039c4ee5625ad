package io.logpipe.common.resp;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One standalone Redis as a {@code redis://[[user]:password@]host[:port][/db]} URL names it.
 *
 * @param user null for the default user
 * @param password null when Redis asks for none
 */
public record RedisEndpoint(String host, int port, String user, String password, int db) {
    /** Client options a direct socket does not implement: when one is set, the client carries the data too. */
    static final List<String> CLIENT_ONLY = List.of("quarkus.redis.tls-configuration-name",
            "quarkus.redis.hosts-provider-name", "quarkus.redis.tcp.proxy-configuration-name",
            "quarkus.redis.tcp.proxy-options.host");

    /**
     * What the Quarkus Redis client's configuration says, when a direct connection can honour all of it: one
     * {@code redis://} host of a standalone client, and nothing set that only the client knows how to do (TLS, a
     * proxy, a hosts provider, other TCP options).
     *
     * @param property the value of a {@code quarkus.redis.*} property, if set
     * @param whyNot told why, when the answer is empty
     * @return the endpoint, or empty: the client carries the data
     */
    public static Optional<RedisEndpoint> of(Function<String, Optional<String>> property, Consumer<String> whyNot) {
        String type = property.apply("quarkus.redis.client-type").orElse("standalone");
        if (!type.equalsIgnoreCase("standalone")) {
            return none(whyNot, "quarkus.redis.client-type is " + type);
        }
        Optional<String> clientOnly = clientOnly(property);
        if (clientOnly.isPresent()) {
            return none(whyNot, clientOnly.get());
        }
        String hosts = property.apply("quarkus.redis.hosts").orElse("redis://localhost:6379");
        if (hosts.contains(",")) {
            return none(whyNot, "quarkus.redis.hosts names more than one host");
        }
        RedisEndpoint e = parse(hosts.trim());
        if (e == null) {
            return none(whyNot, "quarkus.redis.hosts is not a plain redis:// URL");
        }
        Optional<String> password = property.apply("quarkus.redis.password");
        return Optional.of(password.isPresent() ? new RedisEndpoint(e.host, e.port, e.user, password.get(), e.db) : e);
    }

    /** Why only the client can make the connections (TLS, a proxy, ...), or empty. */
    static Optional<String> clientOnly(Function<String, Optional<String>> property) {
        if (property.apply("quarkus.redis.tls.enabled").map(Boolean::parseBoolean).orElse(false)) {
            return Optional.of("quarkus.redis.tls.enabled is true");
        }
        for (String name : CLIENT_ONLY) {
            if (property.apply(name).filter(v -> !v.isBlank()).isPresent()) {
                return Optional.of(name + " is set");
            }
        }
        return Optional.empty();
    }

    private static Optional<RedisEndpoint> none(Consumer<String> whyNot, String why) {
        whyNot.accept(why);
        return Optional.empty();
    }

    /** A plain {@code redis://} URL, or null for anything else ({@code rediss://}, {@code unix://}, garbage). */
    public static RedisEndpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null) {
            return null;
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = colon < 0 ? decode(info) : decode(info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (user.isEmpty()) {
                user = null;
            }
            if (password == null) {
                // redis://secret@host: a lone user-info part is the password, as the Vert.x client reads it.
                password = user;
                user = null;
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password, db);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "redis://" + (password != null ? (user != null ? user : "") + ":***@" : "") + host + ":" + port + "/"
                + db;
    }
}
