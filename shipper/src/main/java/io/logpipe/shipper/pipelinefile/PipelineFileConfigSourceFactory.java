package io.logpipe.shipper.pipelinefile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * Reads the Logstash pipeline file named by {@code shipper.config} (from any other source: the environment's
 * {@code SHIPPER_CONFIG}, {@code -Dshipper.config}, {@code --config FILE}, application.properties) and contributes
 * what it says as properties ({@link PipelineMapping}), at ordinal {@value #ORDINAL}: above the packaged
 * application.properties (250), below {@code config/application.properties} (260), {@code .env} (295), environment
 * variables (300) and system properties (400), which all still apply on top of the file. Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}; Quarkus runs it when it builds the runtime
 * configuration, so a file that cannot run stops the start-up with its line and column (a
 * {@link ConfigurationException}, which Quarkus reports as its message alone).
 */
public final class PipelineFileConfigSourceFactory implements ConfigSourceFactory {
    public static final String PROPERTY = "shipper.config";
    public static final int ORDINAL = 255;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(PROPERTY);
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return List.of();
        }
        try {
            return List.of(source(Path.of(value.getValue().trim())));
        } catch (ConfigException e) {
            // Quarkus prints a ConfigurationException that is the root cause as its message alone, without a stack
            // trace: the start-up ends with "<file>:<line>:<column>: <what>".
            throw new ConfigurationException(e.getMessage(), Set.of(PROPERTY));
        }
    }

    /** The file's properties as a configuration source (throws {@link io.logpipe.common.lscl.ConfigException}). */
    public static ConfigSource source(Path file) {
        Map<String, String> properties = PipelineMapping.properties(LsclParser.parse(file), file, System::getenv);
        return new PropertiesConfigSource(properties, "Logstash pipeline file " + file, ORDINAL);
    }
}
