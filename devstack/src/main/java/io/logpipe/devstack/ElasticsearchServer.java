package io.logpipe.devstack;

import java.nio.file.Path;

/**
 * A real single-node Elasticsearch (the integ-test-zip distribution that the devstack build unpacks), on a
 * free loopback HTTP port, with security off and a small heap. How it is run: {@link SearchServer}.
 */
public final class ElasticsearchServer extends SearchServer {

    private ElasticsearchServer(Builder b) {
        super(Flavour.ELASTICSEARCH, b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a server; nothing runs until {@link ElasticsearchServer#start()}. */
    public static final class Builder extends SearchServer.Builder<Builder, ElasticsearchServer> {
        @Override
        public ElasticsearchServer build() {
            return new ElasticsearchServer(this);
        }
    }

    /** The distribution unpacked by the devstack build ({@code devstack.properties}), or {@code -Ddevstack.elasticsearch.home}. */
    public static Path defaultHome() {
        return Flavour.ELASTICSEARCH.defaultHome();
    }

    @Override
    public ElasticsearchServer start() {
        super.start();
        return this;
    }
}
