package io.logpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One Redis per JVM even when devstack is loaded twice, as Quarkus does (an application class loader per test
 * profile, another for the build steps of the logpipe Dev Services).
 */
class SharedServersTest {

    @Test
    void aSecondCopyOfTheClassFindsTheFirstCopysServerAndCannotStopIt() throws Exception {
        URL[] classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(SharedServersTest::url)
                .toArray(URL[]::new);
        // Not closed: the other copy's shutdown hook stops its server when this JVM exits.
        @SuppressWarnings("resource")
        URLClassLoader other = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader());
        Class<?> otherCopy = other.loadClass(SharedServers.class.getName());
        assertNotSame(SharedServers.class, otherCopy);
        Object started = otherCopy.getMethod("redis").invoke(null);
        int port = (int) started.getClass().getMethod("port").invoke(started);
        long pid = (long) started.getClass().getMethod("pid").invoke(started);

        RedisServer attached = SharedServers.redis();
        assertEquals(port, attached.port());
        assertEquals(pid, attached.pid());
        assertTrue(attached.running());
        try (Resp resp = attached.connect()) {
            assertEquals("PONG", resp.call("PING"));
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class, attached::stop);
        assertTrue(refused.getMessage().contains("another class loader"), refused.getMessage());
        attached.close(); // nothing: not this copy's to stop
        assertTrue(attached.running());
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
