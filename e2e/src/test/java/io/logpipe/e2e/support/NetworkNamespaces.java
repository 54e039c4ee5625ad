package io.logpipe.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Separate "hosts" on one Linux machine: a network namespace per host, each with its own loopback (so a server
 * there may listen on 127.0.0.1:9200 or 0.0.0.0:6379 without meeting anything else on the machine) and one
 * interface {@code eth0} with its own address on a private LAN: a bridge in a namespace of its own (its empty
 * firewall forwards everything, whatever the machine's own firewall does with bridged traffic). The machine
 * itself (this test) is on the LAN too, at {@code .1}, to write files and ask Elasticsearch.
 *
 * <p>Made with {@code ip netns} and veth pairs, so it needs root and iproute2; {@link #unavailable()} says why
 * not. Every name carries a random id, so parallel runs do not meet; the subnet, a {@code /24} of the
 * benchmarking range 198.18.0.0/15, is chosen under a machine-wide lock among those no interface or route of the
 * machine uses. {@link #close()} removes everything (processes still inside a namespace must be stopped first;
 * a shutdown hook closes it too, for a test JVM that is interrupted).
 */
public final class NetworkNamespaces implements AutoCloseable {
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "logpipe-e2e-netns.lock");

    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final String lan = "lpe2e-" + id + "-lan";
    private final String rootLink = "lp" + id + "h";
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> made = new ArrayList<>();
    private final Thread hook = new Thread(this::removeAll, "netns-cleanup");
    private String prefix;
    private boolean closed;

    private NetworkNamespaces() {
    }

    /** Why namespaces cannot be made here (not root, no {@code ip}, not permitted), or empty when they can. */
    public static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root (this JVM runs as " + System.getProperty("user.name") + ")");
        }
        String probe = "lpe2e-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            Result add = run(List.of("ip", "netns", "add", probe));
            if (add.code != 0) {
                return Optional.of("`ip netns add` failed: " + add.output.strip());
            }
            run(List.of("ip", "netns", "delete", probe));
            return Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.of("no `ip` command (iproute2): " + e.getCause().getMessage());
        }
    }

    /** The hosts, in this order at {@code .10}, {@code .20}, ... of a fresh /24, all on one LAN with this machine. */
    public static NetworkNamespaces create(String... hosts) {
        NetworkNamespaces n = new NetworkNamespaces();
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            n.build(List.of(hosts));
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    private void build(List<String> hosts) {
        ip("netns", "add", lan);
        made.add(lan);
        ip("-n", lan, "link", "set", "lo", "up");
        ip("-n", lan, "link", "add", "br0", "type", "bridge");
        ip("-n", lan, "link", "set", "br0", "up");
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            String ns = "lpe2e-" + id + "-" + host;
            ip("netns", "add", ns);
            made.add(ns);
            namespaces.put(host, ns);
            ip("-n", ns, "link", "set", "lo", "up");
            // One cable from the host's eth0 to a port of the LAN's bridge.
            ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "port" + i, "netns", lan);
            ip("-n", lan, "link", "set", "port" + i, "master", "br0", "up");
        }
        // The subnet is chosen and this machine's address set under a lock, so two runs never take the same one.
        try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            prefix = freeSubnet();
            ip("link", "add", rootLink, "type", "veth", "peer", "name", "uplink", "netns", lan);
            made.add("link:" + rootLink);
            ip("-n", lan, "link", "set", "uplink", "master", "br0", "up");
            ip("addr", "add", prefix + ".1/24", "dev", rootLink);
            ip("link", "set", rootLink, "up");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK, e);
        }
        for (int i = 0; i < hosts.size(); i++) {
            String ns = namespaces.get(hosts.get(i));
            String address = prefix + "." + (10 * (i + 1));
            addresses.put(hosts.get(i), address);
            ip("-n", ns, "addr", "add", address + "/24", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
        }
    }

    /** A {@code 198.18.x} or {@code 198.19.x} prefix that no address or route of this machine mentions. */
    private static String freeSubnet() {
        String used = run(List.of("ip", "-4", "-o", "addr", "show")).output + run(List.of("ip", "-4", "route", "show", "table", "all")).output;
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            candidates.add(i);
        }
        java.util.Collections.shuffle(candidates);
        for (int c : candidates) {
            String prefix = "198." + (18 + c / 256) + "." + (c % 256);
            if (!used.contains(prefix + ".")) {
                return prefix;
            }
        }
        throw new IllegalStateException("no free /24 in 198.18.0.0/15 on this machine");
    }

    /** The namespace of {@code host}, for {@code ip netns exec}. */
    public String namespace(String host) {
        return require(namespaces.get(host), host);
    }

    /** The address of {@code host} on the LAN. */
    public String address(String host) {
        return require(addresses.get(host), host);
    }

    /** This machine's address on the LAN. */
    public String machineAddress() {
        return prefix + ".1";
    }

    /** {@code ip netns exec <namespace of host>}: the prefix of a command to run on {@code host}. */
    public List<String> exec(String host) {
        return List.of("ip", "netns", "exec", namespace(host));
    }

    private static String require(String value, String host) {
        if (value == null) {
            throw new IllegalArgumentException("no host " + host);
        }
        return value;
    }

    /** What was made, for failure messages: the namespaces, their addresses. */
    @Override
    public String toString() {
        return "hosts " + addresses + " on " + prefix + ".0/24 (namespaces " + namespaces.values() + ", LAN " + lan
                + ", this machine " + machineAddress() + " on " + rootLink + ")";
    }

    /** Removes the namespaces (their interfaces go with them) and this machine's link to the LAN. */
    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    private synchronized void removeAll() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> failures = new ArrayList<>();
        for (int i = made.size() - 1; i >= 0; i--) {
            String thing = made.get(i);
            Result r = thing.startsWith("link:") ? run(List.of("ip", "link", "delete", thing.substring(5)))
                    : run(List.of("ip", "netns", "delete", thing));
            if (r.code != 0 && !r.output.contains("Cannot find device") && !r.output.contains("No such file")) {
                failures.add(thing + ": " + r.output.strip());
            }
        }
        if (!failures.isEmpty()) {
            System.err.println("[netns] could not remove " + failures);
        }
    }

    private void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Result r = run(command);
        if (r.code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.code + "): " + r.output.strip());
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
