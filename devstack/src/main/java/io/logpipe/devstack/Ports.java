package io.logpipe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free loopback ports. */
public final class Ports {
    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago (the kernel's ephemeral choice). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago together with port + {@code offset} (a Redis Cluster node needs
     * its client port and, 10000 above it, its cluster bus port; Redis 6.2 has no setting to move the bus), and is not
     * in {@code taken} (ports already handed to nodes that have not bound them yet).
     */
    public static int freeWithOffset(int offset, java.util.Set<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = free();
            if (port + offset > 65535 || taken.contains(port) || taken.contains(port + offset)) {
                continue;
            }
            try (ServerSocket bus = new ServerSocket()) {
                bus.setReuseAddress(false);
                bus.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + offset));
                return port;
            } catch (IOException busTaken) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port p with p+" + offset + " free after 200 attempts");
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
