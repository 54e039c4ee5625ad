package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --config FILE}, {@code --config=FILE} and Logstash's {@code -f FILE} become {@code shipper.config}. */
class MainTest {
    @AfterEach
    void clear() {
        // The property would configure every Quarkus test started later in this JVM.
        System.clearProperty("shipper.config");
    }

    @Test
    void theConfigArgumentSetsShipperConfigAndOthersPassOn() {
        assertArrayEquals(new String[] {"other"}, Main.takeConfigArgument("--config", "/etc/shipper.conf", "other"));
        assertEquals("/etc/shipper.conf", System.getProperty("shipper.config"));
        assertArrayEquals(new String[0], Main.takeConfigArgument("--config=/a.conf"));
        assertEquals("/a.conf", System.getProperty("shipper.config"));
        assertArrayEquals(new String[0], Main.takeConfigArgument("-f", "shipper.conf"));
        assertEquals("shipper.conf", System.getProperty("shipper.config"));
    }

    @Test
    void withoutTheArgumentNothingIsSet() {
        assertArrayEquals(new String[] {"x"}, Main.takeConfigArgument("x"));
        assertNull(System.getProperty("shipper.config"));
        assertThrows(IllegalArgumentException.class, () -> Main.takeConfigArgument("--config"));
    }
}
