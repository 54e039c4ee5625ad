package io.logpipe.indexer.pipelinefile;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.LsclParser;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Reads {@code indexer.config} (from any other source: environment, system property, properties file) and adds
 * the file's properties at ordinal {@value #ORDINAL}, as the shipper does: above the packaged
 * {@code application.properties} (250), below {@code config/application.properties} (260), {@code .env} (295),
 * environment variables (300) and system properties (400), which all still apply on top of the file.
 */
public final class PipelineFileSource implements ConfigSourceFactory {
    public static final String PROPERTY = "indexer.config";
    static final int ORDINAL = 255;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue file = context.getValue(PROPERTY);
        if (file == null || file.getValue() == null || file.getValue().isBlank()) {
            return List.of();
        }
        Path path = Path.of(file.getValue().trim());
        try {
            return List.of(new PropertiesConfigSource(IndexerPipelineFile.map(LsclParser.parse(path), System::getenv),
                    "Logstash pipeline file " + path, ORDINAL));
        } catch (ConfigException e) {
            // Quarkus prints a ConfigurationException as its message alone: "<file>:<line>:<column>: <what>".
            throw new ConfigurationException(e.getMessage(), Set.of(PROPERTY));
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
