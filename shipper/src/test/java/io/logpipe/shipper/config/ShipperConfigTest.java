package io.logpipe.shipper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.logpipe.shipper.multiline.MultilinePattern;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;

/** The public property names, their defaults, and environment variables (as Quarkus reads them). */
class ShipperConfigTest {
    private static ShipperConfig config(Map<String, String> env, Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredInterceptors()
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(ShipperConfig.class)
                .build()
                .getConfigMapping(ShipperConfig.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ShipperConfig c = config(Map.of(), Map.of("shipper.inputs.app.paths", "/var/log/app/*.log"));
        ShipperConfig.Input app = c.inputs().get("app");
        assertEquals(ShipperConfig.StartPosition.END, app.startPosition());
        assertEquals(1024 * 1024, app.maxLineBytes().asLongValue());
        assertEquals(Optional.empty(), app.multiline());
        assertEquals(Map.of(), app.fields());
        assertFalse(c.stdin().enabled());
        assertFalse(c.debugOutput());
        assertEquals(ShipperConfig.DebugFormat.JSON, c.debugFormat());
        assertEquals(Optional.empty(), c.config());
        assertEquals(Map.of(), app.addField());
        assertFalse(c.stdin().type().isPresent());
        assertEquals(Map.of(), c.stdin().addField());
        assertEquals(Duration.ofSeconds(1), c.registry().flushInterval());
        assertEquals(Duration.ofSeconds(1), c.scanInterval());
        assertEquals("logstash", c.redis().key());
        assertEquals(ShipperConfig.DataType.LIST, c.redis().dataType());
        assertEquals(500, c.redis().batchSize());
        assertEquals(Duration.ofMillis(50), c.redis().batchLinger());
        assertEquals(0, c.redis().congestionThreshold());
        assertEquals(Duration.ofSeconds(1), c.redis().congestionInterval());
    }

    @Test
    void kubernetesMetadataIsOffByDefaultAndTheSidecarsVariablesTurnItOn() {
        ShipperConfig.Kubernetes off = config(Map.of(), Map.of()).kubernetes();
        assertFalse(off.enabled());
        assertEquals(Path.of("/etc/podinfo/labels"), off.labelsPath());
        assertEquals(Path.of("/etc/podinfo/annotations"), off.annotationsPath());
        assertEquals(Optional.empty(), off.includeAnnotations());
        assertTrue(off.labelsDedot());
        assertTrue(off.annotationsDedot());
        assertEquals(Duration.ofSeconds(10), off.refreshInterval());
        // As the sidecar sets them; an absent logpipe.io/container annotation is an empty variable: no container.
        ShipperConfig.Kubernetes on = config(Map.of("SHIPPER_KUBERNETES_ENABLED", "true",
                "SHIPPER_KUBERNETES_CONTAINER_NAME", "", "SHIPPER_KUBERNETES_INCLUDE_ANNOTATIONS", "team,example.com/owner"),
                Map.of()).kubernetes();
        assertTrue(on.enabled());
        assertEquals(Optional.empty(), on.containerName());
        assertEquals(Optional.of(List.of("team", "example.com/owner")), on.includeAnnotations());
    }

    @Test
    void multilineDefaultsApplyOnceAPatternIsSet() {
        ShipperConfig.Multiline m = config(Map.of(), Map.of("shipper.inputs.app.paths", "/l/*.log",
                "shipper.inputs.app.multiline.pattern", "^[[:space:]]")).inputs().get("app").multiline().orElseThrow();
        assertFalse(m.negate());
        assertEquals(ShipperConfig.What.PREVIOUS, m.what());
        assertEquals(500, m.maxLines());
        assertEquals(10L * 1024 * 1024, m.maxBytes().asLongValue());
        assertEquals(Duration.ofSeconds(5), m.flushInterval());
    }

    @Test
    void anInputCanBeConfiguredEntirelyFromEnvironmentVariables() {
        ShipperConfig c = config(Map.of(
                "SHIPPER_INPUTS_APP_PATHS", "/var/log/app/*.log,/var/log/other/**/*.log",
                "SHIPPER_INPUTS_APP_EXCLUDE", "*.gz",
                "SHIPPER_INPUTS_APP_START_POSITION", "beginning",
                "SHIPPER_INPUTS_APP_TYPE", "app",
                "SHIPPER_INPUTS_APP_TAGS", "web,eu",
                "SHIPPER_INPUTS_APP_FIELDS_TEAM", "payments",
                "SHIPPER_INPUTS_APP_MAX_LINE_BYTES", "64K",
                "SHIPPER_INPUTS_APP_MULTILINE_PATTERN", "^\\s",
                "SHIPPER_INPUTS_APP_MULTILINE_WHAT", "next",
                "SHIPPER_INPUTS_APP_MULTILINE_FLUSH_INTERVAL", "2s"), Map.of());
        ShipperConfig.Input app = c.inputs().get("app");
        assertEquals(List.of("/var/log/app/*.log", "/var/log/other/**/*.log"), app.paths());
        assertEquals(Optional.of(List.of("*.gz")), app.exclude());
        assertEquals(ShipperConfig.StartPosition.BEGINNING, app.startPosition());
        assertEquals(Optional.of("app"), app.type());
        assertEquals(Optional.of(List.of("web", "eu")), app.tags());
        assertEquals(Map.of("team", "payments"), app.fields());
        assertEquals(64 * 1024, app.maxLineBytes().asLongValue());
        assertEquals(ShipperConfig.What.NEXT, app.multiline().orElseThrow().what());
        assertEquals(Duration.ofSeconds(2), app.multiline().orElseThrow().flushInterval());
    }

    @Test
    void everyTopLevelSettingHasAnEnvironmentVariable() {
        ShipperConfig c = config(Map.of(
                "SHIPPER_STDIN_ENABLED", "true",
                "SHIPPER_DEBUG_OUTPUT", "true",
                "SHIPPER_REGISTRY_PATH", "/var/lib/logpipe/registry.json",
                "SHIPPER_REGISTRY_FLUSH_INTERVAL", "250ms",
                "SHIPPER_SCAN_INTERVAL", "2s",
                "SHIPPER_REDIS_KEY", "logs",
                "SHIPPER_REDIS_DATA_TYPE", "channel",
                "SHIPPER_REDIS_BATCH_SIZE", "1000",
                "SHIPPER_REDIS_BATCH_LINGER", "10ms",
                "SHIPPER_REDIS_CONGESTION_THRESHOLD", "100000"), Map.of());
        assertTrue(c.stdin().enabled());
        assertTrue(c.debugOutput());
        assertEquals(Path.of("/var/lib/logpipe/registry.json"), c.registry().path());
        assertEquals(Duration.ofMillis(250), c.registry().flushInterval());
        assertEquals(Duration.ofSeconds(2), c.scanInterval());
        assertEquals("logs", c.redis().key());
        assertEquals(ShipperConfig.DataType.CHANNEL, c.redis().dataType());
        assertEquals(1000, c.redis().batchSize());
        assertEquals(Duration.ofMillis(10), c.redis().batchLinger());
        assertEquals(100_000, c.redis().congestionThreshold());
        assertTrue(c.inputs().isEmpty());
    }

    @Test
    void environmentVariablesOverrideAndCompleteAnInputWhoseNameIsNotOneWordOnceItIsNamedInProperties() {
        // SHIPPER_INPUTS_WEB_APP_PATHS alone cannot say whether the input is "web-app", "web.app" or "web_app";
        // naming it in a properties source (any of its properties) tells Quarkus which.
        ShipperConfig c = config(Map.of(
                "SHIPPER_INPUTS_WEB_APP_PATHS", "/from/env/*.log",
                "SHIPPER_INPUTS__NGINX_ACCESS__TYPE", "nginx"), Map.of(
                "shipper.inputs.web-app.paths", "/from/properties/*.log",
                "shipper.inputs.\"nginx.access\".paths", "/var/log/nginx/access.log"));
        assertEquals(List.of("/from/env/*.log"), c.inputs().get("web-app").paths());
        assertEquals(Optional.of("nginx"), c.inputs().get("nginx.access").type());
        assertEquals(2, c.inputs().size());
    }

    @Test
    void aCommaInsideBracesIsEscapedInTheListOfGlobs() {
        ShipperConfig c = config(Map.of(), Map.of("shipper.inputs.app.paths", "/l/*.{log\\,txt},/m/*.log"));
        assertEquals(List.of("/l/*.{log,txt}", "/m/*.log"), c.inputs().get("app").paths());
    }

    @Test
    void fieldKeysFromEnvironmentVariablesAreLowerCaseWithUnderscoresReadAsDots() {
        ShipperConfig c = config(Map.of("SHIPPER_INPUTS_APP_PATHS", "/l/*.log",
                "SHIPPER_INPUTS_APP_FIELDS_POD_NAME", "web-1"), Map.of());
        assertEquals(Map.of("pod.name", "web-1"), c.inputs().get("app").fields());
    }

    @Test
    void aFieldKeyWithAnUnderscoreTakesItsValueFromAnExpressionInProperties() {
        ShipperConfig c = config(Map.of("SHIPPER_INPUTS_APP_PATHS", "/l/*.log", "POD_NAMESPACE", "shop"), Map.of(
                "shipper.inputs.app.fields.k8s_namespace", "${POD_NAMESPACE:default}"));
        assertEquals(Map.of("k8s_namespace", "shop"), c.inputs().get("app").fields());
    }

    @Test
    void debugFormatTakesLogstashsCodecNames() {
        for (Map.Entry<String, ShipperConfig.DebugFormat> e : Map.of("json", ShipperConfig.DebugFormat.JSON,
                "rubydebug", ShipperConfig.DebugFormat.RUBYDEBUG, "json-lines", ShipperConfig.DebugFormat.JSON_LINES,
                "json_lines", ShipperConfig.DebugFormat.JSON_LINES).entrySet()) {
            assertEquals(e.getValue(), config(Map.of("SHIPPER_DEBUG_FORMAT", e.getKey()), Map.of()).debugFormat(), e.getKey());
        }
    }

    @Test
    void addFieldPutsFieldsAtTheRootOfAnInputsOrStdinsEvents() {
        ShipperConfig c = config(Map.of("SHIPPER_INPUTS_APP_ADD_FIELD_TEAM", "payments", "SHIPPER_STDIN_ADD_FIELD_ENV", "dev"),
                Map.of("shipper.inputs.app.paths", "/l/*.log", "shipper.stdin.type", "console"));
        assertEquals(Map.of("team", "payments"), c.inputs().get("app").addField());
        assertEquals(Map.of("env", "dev"), c.stdin().addField());
        assertEquals("console", c.stdin().type().orElseThrow());
    }

    /** The pattern the shipper compiles when {@code source} sets it (sources and interceptors as Quarkus has them). */
    private static Pattern patternFrom(ConfigSource source) {
        String pattern = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredInterceptors()
                .withSources(source)
                .withSources(new PropertiesConfigSource(Map.of("shipper.inputs.app.paths", "/l/*.log"),
                        "application.properties", 250))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(ShipperConfig.class)
                .build()
                .getConfigMapping(ShipperConfig.class).inputs().get("app").multiline().orElseThrow().pattern();
        return MultilinePattern.compile(pattern);
    }

    private static void assertJoinsLinesEndingInABackslash(Pattern p) {
        assertEquals("\\\\$", p.pattern(), "the regex as written");
        assertTrue(p.matcher("#define MAX(a, b) \\").find(), "a line ending in a backslash continues");
        assertFalse(p.matcher("    ((a) > (b) ? (a) : (b))").find());
        assertFalse(p.matcher("costs 5$").find(), "a dollar at the end is not a backslash");
    }

    @Test
    void aMultilinePatternFromASystemPropertyIsTheRegexExactlyAsWritten() {
        String name = "shipper.inputs.app.multiline.pattern";
        String before = System.getProperty(name);
        System.setProperty(name, "\\\\$"); // what -D...pattern='\\$' gives the JVM: backslash, backslash, dollar
        try {
            assertJoinsLinesEndingInABackslash(patternFrom(new SysPropConfigSource()));
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    @Test
    void aMultilinePatternFromAnEnvironmentVariableIsTheRegexExactlyAsWritten() {
        assertJoinsLinesEndingInABackslash(patternFrom(
                new EnvConfigSource(Map.of("SHIPPER_INPUTS_APP_MULTILINE_PATTERN", "\\\\$"), 300)));
    }

    @Test
    void aPropertiesFileDoublesEachBackslashOfAMultilinePatternAndNothingElse() throws java.io.IOException {
        java.util.Properties file = new java.util.Properties();
        file.load(new java.io.StringReader("shipper.inputs.app.multiline.pattern=\\\\\\\\$\n"));
        Map<String, String> read = new java.util.HashMap<>();
        file.forEach((k, v) -> read.put((String) k, (String) v));
        assertJoinsLinesEndingInABackslash(patternFrom(new PropertiesConfigSource(read, "application.properties", 260)));
    }

    @Test
    void aMultilinePatternIsNotAnExpressionButOtherValuesStillAre() {
        // $$ and ${...} are regex syntax here (end of line, then an invalid or literal brace), never config syntax.
        Map<String, String> env = Map.of("SHIPPER_INPUTS_APP_MULTILINE_PATTERN", "^\\$\\{x}|$$",
                "SHIPPER_INPUTS_APP_TYPE", "${KIND:app}");
        ShipperConfig c = config(env, Map.of("shipper.inputs.app.paths", "/l/*.log"));
        assertEquals("^\\$\\{x}|$$", c.inputs().get("app").multiline().orElseThrow().pattern());
        assertEquals("app", c.inputs().get("app").type().orElseThrow());
    }
}
