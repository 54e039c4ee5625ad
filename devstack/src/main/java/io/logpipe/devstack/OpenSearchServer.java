package io.logpipe.devstack;

import java.nio.file.Path;

/**
 * A real single-node OpenSearch (the integ-test-zip distribution that the devstack build unpacks, with the
 * {@code ingest-common} module that the build adds to it), on a free loopback HTTP port, with a small heap.
 * How it is run: {@link SearchServer}.
 *
 * <p>Why it is here: OpenSearch's ingest pipelines (grok, date, convert processors) are the server-side
 * alternative to the indexer's own filter stage, and bench/filter measures one against the other. The
 * integ-test zip holds no module but transport-netty4, so the build assembles {@code modules/ingest-common}
 * from the module's jar on Maven Central and its libraries (opensearch-grok, opensearch-dissect, joni,
 * jcodings), with a plugin descriptor of its own; without {@code lang-painless} the {@code script} processor
 * and Painless in {@code if} conditions are missing, every other ingest-common processor is there.
 */
public final class OpenSearchServer extends SearchServer {

    private OpenSearchServer(Builder b) {
        super(Flavour.OPENSEARCH, b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a server; nothing runs until {@link OpenSearchServer#start()}. */
    public static final class Builder extends SearchServer.Builder<Builder, OpenSearchServer> {
        @Override
        public OpenSearchServer build() {
            return new OpenSearchServer(this);
        }
    }

    /** The distribution unpacked by the devstack build ({@code devstack.properties}), or {@code -Ddevstack.opensearch.home}. */
    public static Path defaultHome() {
        return Flavour.OPENSEARCH.defaultHome();
    }

    @Override
    public OpenSearchServer start() {
        super.start();
        return this;
    }
}
