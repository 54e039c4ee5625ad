package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.event.EventMetadata;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class KubernetesRootFieldsTest {
    private static ShipperConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(ShipperConfig.class).build().getConfigMapping(ShipperConfig.class);
    }

    private static EventMetadata kubernetes() {
        EventMetadata m = new EventMetadata();
        m.set(Map.of("kubernetes", Map.of("namespace", "shop"), "container", Map.of("name", "nginx")));
        return m;
    }

    @Test
    void anInputsAddFieldNamedLikeTheMetadataStopsTheStartUp() {
        ShipperConfig c = config(Map.of("shipper.inputs.app.paths", "/l/*.log", "shipper.inputs.app.add-field.container", "x"));
        List<InputSettings> inputs = List.of(InputSettings.of("app", c.inputs().get("app")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shipper.refuseRootFieldsOf(kubernetes(), inputs, c.stdin()));
        assertEquals("shipper.inputs.app.add-field.container: with shipper.kubernetes.enabled the shipper writes container itself",
                e.getMessage());
        // Without the metadata the same field is the input's own.
        assertDoesNotThrow(() -> Shipper.refuseRootFieldsOf(new EventMetadata(), inputs, c.stdin()));
    }

    @Test
    void stdinsAddFieldIsCheckedToo() {
        ShipperConfig c = config(Map.of("shipper.stdin.enabled", "true", "shipper.stdin.add-field.kubernetes", "x"));
        assertThrows(IllegalArgumentException.class, () -> Shipper.refuseRootFieldsOf(kubernetes(), List.of(), c.stdin()));
    }
}
