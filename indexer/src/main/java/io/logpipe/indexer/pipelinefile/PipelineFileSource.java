package io.logpipe.indexer.pipelinefile;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.logpipe.common.lscl.LsclParser;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Reads {@code indexer.config} (from any other source: environment, system property, properties file) and adds
 * the file's properties at ordinal {@value #ORDINAL}: above {@code application.properties} (250), below
 * environment variables (300) and system properties (400).
 */
public final class PipelineFileSource implements ConfigSourceFactory {
    public static final String PROPERTY = "indexer.config";
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue file = context.getValue(PROPERTY);
        if (file == null || file.getValue() == null || file.getValue().isBlank()) {
            return List.of();
        }
        Path path = Path.of(file.getValue());
        return List.of(new PropertiesConfigSource(IndexerPipelineFile.map(LsclParser.parse(path)),
                "Logstash pipeline file " + path, ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
