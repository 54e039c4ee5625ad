package io.logpipe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on 127.0.0.1: {@code primaries} primaries with {@code replicasPerPrimary} replicas each, every
 * node a {@link RedisServer} (the same binary choice: PATH's {@code redis-server}, else the bundled 6.2).
 *
 * <p>Formed without {@code redis-cli} (the bundled Redis has none), by the commands {@code redis-cli --cluster create}
 * sends: distinct config epochs, {@code CLUSTER ADDSLOTS} with 0..16383 split evenly into contiguous ranges in node
 * order (0-5460, 5461-10922, 10923-16383 for three), {@code CLUSTER MEET}, {@code CLUSTER REPLICATE}; then
 * {@link #start()} waits until every node says {@code cluster_state:ok}, agrees on the roles, and every replica is in
 * sync. Each node keeps its {@code nodes.conf} in its own directory and its port across {@link #stop()} /
 * {@link #start()}, so a stopped cluster comes back as it was. Ports are free ones whose cluster bus port
 * (port + 10000) is free too.
 *
 * <p>Roles change (failover, kill -9 of a primary), so {@link #primaries()} and {@link #replicas()} ask the running
 * nodes each time instead of remembering the layout they were formed with.
 */
public final class RedisCluster implements AutoCloseable {
    /** Redis puts a node's cluster bus this far above its client port (6.2 cannot move it). */
    static final int BUS_OFFSET = 10000;
    private static final Duration POLL = Duration.ofMillis(50);

    private final int primaryCount;
    private final int replicasPerPrimary;
    private final Duration timeout;
    private final Path dir;
    private final boolean temporaryDir;
    private final String password;
    /** Formation order: the primaries first, then replica r of primary p at {@code primaries + p * replicas + r}. */
    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisCluster(Builder b) {
        if (b.primaries < 1 || b.replicasPerPrimary < 0) {
            throw new IllegalArgumentException("a cluster needs at least one primary and no negative replica count");
        }
        this.primaryCount = b.primaries;
        this.replicasPerPrimary = b.replicasPerPrimary;
        this.timeout = b.timeout;
        this.password = b.password;
        this.temporaryDir = b.dir == null;
        try {
            this.dir = b.dir != null ? Files.createDirectories(b.dir) : Files.createTempDirectory("logpipe-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the Redis Cluster", e);
        }
        Set<Integer> taken = new HashSet<>();
        int total = primaryCount * (1 + replicasPerPrimary);
        for (int i = 0; i < total; i++) {
            int port = Ports.freeWithOffset(BUS_OFFSET, taken);
            taken.add(port);
            taken.add(port + BUS_OFFSET);
            RedisServer.Builder node = RedisServer.builder().port(port).dir(dir.resolve("node-" + i))
                    .forceBundled(b.forceBundled).password(password)
                    .config("cluster-enabled", "yes")
                    .config("cluster-config-file", "nodes.conf")
                    .config("cluster-node-timeout", Long.toString(b.nodeTimeout.toMillis()));
            if (password != null) {
                node.config("masterauth", password);
            }
            nodes.add(node.build());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a cluster; nothing runs until {@link RedisCluster#start()}. */
    public static final class Builder {
        private int primaries = 3;
        private int replicasPerPrimary = 1;
        private boolean forceBundled;
        private Duration nodeTimeout = Duration.ofSeconds(3);
        private Duration timeout = Duration.ofSeconds(60);
        private String password;
        private Path dir;

        /** How many primaries share the 16384 slots (default 3). */
        public Builder primaries(int primaries) {
            this.primaries = primaries;
            return this;
        }

        /** Replicas of each primary (default 1). */
        public Builder replicasPerPrimary(int replicasPerPrimary) {
            this.replicasPerPrimary = replicasPerPrimary;
            return this;
        }

        /** Use the bundled 6.2 binary even when {@code redis-server} is on PATH. */
        public Builder forceBundled(boolean forceBundled) {
            this.forceBundled = forceBundled;
            return this;
        }

        /**
         * {@code cluster-node-timeout} (default 3 s, Redis's is 15 s): how long a node may be unreachable before the
         * others mark it failed and its replica takes over, i.e. how long a kill -9 test waits.
         */
        public Builder nodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        /** How long {@link RedisCluster#start()} and {@link RedisCluster#failover} wait (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** {@code requirepass} (and {@code masterauth}, so replicas can sync) on every node. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Parent of the nodes' directories (default: a new temporary one, deleted by {@link RedisCluster#close()}). */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        public RedisCluster build() {
            return new RedisCluster(this);
        }
    }

    /**
     * Starts every node that is not running, forms the cluster the first time, and waits until it is healthy:
     * {@code cluster_state:ok} everywhere, every node knowing every other, the roles agreed, the replicas in sync.
     */
    public synchronized RedisCluster start() {
        nodes.forEach(RedisServer::start);
        try {
            if (!formed()) {
                form();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot form the Redis Cluster", e);
        }
        awaitHealthy();
        return this;
    }

    /** Stops every node gracefully (each saves its {@code nodes.conf}, so {@link #start()} brings the cluster back). */
    public synchronized void stop() {
        nodes.forEach(RedisServer::stop);
    }

    /** Stops, and deletes the directories when they were temporary. */
    @Override
    public synchronized void close() {
        stop();
        if (temporaryDir) {
            ManagedProcess.deleteTree(dir);
        }
    }

    private boolean formed() throws IOException {
        return infoField((String) call(nodes.get(0), "CLUSTER", "INFO"), "cluster_slots_assigned").map(s -> !s.equals("0"))
                .orElse(false);
    }

    private void form() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            ids.add((String) call(nodes.get(i), "CLUSTER", "MYID"));
            // Distinct epochs up front, as redis-cli does, so no epoch collision has to be resolved later.
            call(nodes.get(i), "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
        for (int p = 0; p < primaryCount; p++) {
            int[] range = slotRange(p, primaryCount);
            List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = range[0]; slot <= range[1]; slot++) {
                addSlots.add(Integer.toString(slot));
            }
            call(nodes.get(p), addSlots.toArray(String[]::new));
        }
        for (int i = 1; i < nodes.size(); i++) {
            call(nodes.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
        }
        Poll.until("every Redis Cluster node to know the " + nodes.size() + " nodes", timeout, POLL,
                () -> nodes.stream().allMatch(n -> view(n).size() == nodes.size()
                        && view(n).stream().noneMatch(e -> e.flags.contains("handshake") || e.flags.contains("noaddr"))),
                this::describe);
        for (int p = 0; p < primaryCount; p++) {
            for (int r = 0; r < replicasPerPrimary; r++) {
                call(nodes.get(primaryCount + p * replicasPerPrimary + r), "CLUSTER", "REPLICATE", ids.get(p));
            }
        }
    }

    /**
     * Slots {@code [first, last]} of primary {@code index} of {@code count}: 16384 split evenly in contiguous ranges,
     * rounded as {@code redis-cli --cluster create} rounds them (0-5460, 5461-10922, 10923-16383 for three).
     */
    static int[] slotRange(int index, int count) {
        double perNode = ClusterSlots.COUNT / (double) count;
        int first = index == 0 ? 0 : (int) Math.round(index * perNode - 1) + 1;
        int last = index == count - 1 ? ClusterSlots.COUNT - 1 : (int) Math.round((index + 1) * perNode - 1);
        return new int[] {first, last};
    }

    /** Waits until the formed cluster is whole: every node up, ok, agreeing on the roles, every replica in sync. */
    public void awaitHealthy() {
        Poll.until("the Redis Cluster to be healthy (all nodes ok, replicas in sync)", timeout, POLL, this::healthy,
                this::describe);
    }

    private boolean healthy() {
        for (RedisServer node : nodes) {
            if (!node.running() || !clusterOk(node)) {
                return false;
            }
            List<Entry> view = view(node);
            long masters = view.stream().filter(e -> e.flags.contains("master") && !e.slots.isEmpty()).count();
            long replicas = view.stream().filter(e -> e.flags.contains("slave")).count();
            boolean anyFailing = view.stream().anyMatch(e -> e.flags.contains("fail") || e.flags.contains("fail?")
                    || !e.linkConnected);
            if (view.size() != nodes.size() || masters != primaryCount || replicas != (long) primaryCount
                    * replicasPerPrimary || anyFailing) {
                return false;
            }
        }
        return replicas().stream().allMatch(this::inSync);
    }

    /**
     * Waits until the running nodes serve every slot again: each says {@code cluster_state:ok} and the running primaries
     * own all 16384 slots between them (after a {@link #kill}, once the killed primary's replica has taken over).
     */
    public void awaitServing() {
        Poll.until("the running Redis Cluster nodes to serve all slots", timeout, POLL, () -> {
            List<RedisServer> running = nodes.stream().filter(RedisServer::running).toList();
            if (!running.stream().allMatch(this::clusterOk)) {
                return false;
            }
            int owned = 0;
            for (RedisServer node : running) {
                Optional<Entry> self = self(node);
                if (self.isEmpty()) {
                    return false;
                }
                if (self.get().flags.contains("master")) {
                    owned += self.get().slotCount();
                }
            }
            return owned == ClusterSlots.COUNT;
        }, this::describe);
    }

    /**
     * {@code CLUSTER FAILOVER} on a replica of {@code primary} (host:port); waits until that replica is a primary, the
     * old one its replica, and the cluster healthy. Returns the new primary's host:port.
     */
    public String failover(String primary) {
        String replica = replicaOf(primary);
        try {
            call(node(replica), "CLUSTER", "FAILOVER");
        } catch (IOException e) {
            throw new UncheckedIOException("CLUSTER FAILOVER on " + replica, e);
        }
        Poll.until(replica + " to take over from " + primary, timeout, POLL,
                () -> role(node(replica)).equals("master") && role(node(primary)).equals("slave")
                        && masterPort(node(primary)) == node(replica).port(), this::describe);
        awaitHealthy();
        return replica;
    }

    /** SIGKILL to one node (host:port), as a crash; {@link #start(String)} brings it back. */
    public void kill(String node) {
        node(node).kill();
    }

    /** Starts one node again (it rejoins from its {@code nodes.conf}, as a replica if it lost its slots meanwhile). */
    public void start(String node) {
        node(node).start();
    }

    /** The running primaries (host:port), in formation order of their nodes. */
    public List<String> primaries() {
        return withRole("master");
    }

    /** The running replicas (host:port), in formation order of their nodes. */
    public List<String> replicas() {
        return withRole("slave");
    }

    /** A running replica of {@code primary} (host:port). */
    public String replicaOf(String primary) {
        int port = node(primary).port();
        return nodes.stream().filter(RedisServer::running)
                .filter(n -> role(n).equals("slave") && masterPort(n) == port)
                .map(RedisCluster::address).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running replica of " + primary + describe()));
    }

    /** The running primary (host:port) that owns {@code key}'s slot, as the running primaries see themselves. */
    public String primaryFor(String key) {
        int slot = ClusterSlots.slot(key);
        for (RedisServer node : nodes) {
            if (node.running()) {
                Optional<Entry> self = self(node);
                if (self.isPresent() && self.get().flags.contains("master") && self.get().owns(slot)) {
                    return address(node);
                }
            }
        }
        throw new IllegalStateException("no running primary owns slot " + slot + " of " + key + describe());
    }

    /** A connection to the primary that owns {@code key} (authenticated when the cluster has a password). */
    public Resp connectFor(String key) throws IOException {
        return node(primaryFor(key)).connect();
    }

    /** {@code LLEN} of {@code key} on the primary that owns it. */
    public long llen(String key) throws IOException {
        try (Resp resp = connectFor(key)) {
            return (Long) resp.call("LLEN", key);
        }
    }

    /** The lengths of {@code keys} (e.g. the shards of one queue) summed, each read on the primary that owns it. */
    public long llen(Collection<String> keys) throws IOException {
        long total = 0;
        for (String key : keys) {
            total += llen(key);
        }
        return total;
    }

    /**
     * Seed URLs of every node, comma-separated, for {@code quarkus.redis.hosts} with
     * {@code quarkus.redis.client-type=cluster} (the client finds the slot layout from any of them).
     */
    public String seedUrls() {
        return nodes.stream().map(n -> "redis://127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** Every node, primaries and replicas, in formation order. */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The node at {@code address} (host:port, or just the port). */
    public RedisServer node(String address) {
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node of this cluster at " + address));
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The binary the nodes run (resolved at first start). */
    public Path binary() {
        return nodes.get(0).binary();
    }

    public Path dir() {
        return dir;
    }

    private List<String> withRole(String role) {
        return nodes.stream().filter(RedisServer::running).filter(n -> role(n).equals(role))
                .map(RedisCluster::address).toList();
    }

    private static String address(RedisServer node) {
        return node.host() + ":" + node.port();
    }

    private boolean clusterOk(RedisServer node) {
        return infoQuietly(node, "CLUSTER", "INFO").flatMap(info -> infoField(info, "cluster_state"))
                .map("ok"::equals).orElse(false);
    }

    private boolean inSync(String replica) {
        Optional<String> info = infoQuietly(node(replica), "INFO", "replication");
        return info.flatMap(i -> infoField(i, "master_link_status")).map("up"::equals).orElse(false)
                && info.flatMap(i -> infoField(i, "master_sync_in_progress")).map("0"::equals).orElse(false);
    }

    private String role(RedisServer node) {
        return infoQuietly(node, "INFO", "replication").flatMap(i -> infoField(i, "role")).orElse("unreachable");
    }

    private int masterPort(RedisServer node) {
        return infoQuietly(node, "INFO", "replication").flatMap(i -> infoField(i, "master_port"))
                .map(Integer::parseInt).orElse(-1);
    }

    private Optional<String> infoQuietly(RedisServer node, String... command) {
        try {
            return Optional.of((String) call(node, command));
        } catch (IOException | Resp.Error e) {
            return Optional.empty();
        }
    }

    private static Optional<String> infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Optional.of(line.substring(field.length() + 1).trim());
            }
        }
        return Optional.empty();
    }

    private Object call(RedisServer node, String... command) throws IOException {
        try (Resp resp = node.connect()) {
            return resp.call(command);
        }
    }

    /** One line of a node's {@code CLUSTER NODES}: who, in which role, owning which slots, as that node sees it. */
    private record Entry(String id, int port, Set<String> flags, boolean linkConnected, List<int[]> slots) {
        static Entry parse(String line) {
            String[] f = line.trim().split(" ");
            String address = f[1];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':', address.indexOf('@')) + 1,
                    address.indexOf('@')));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated or imported: not owned
                }
                int dash = f[i].indexOf('-');
                slots.add(dash < 0 ? new int[] {Integer.parseInt(f[i]), Integer.parseInt(f[i])}
                        : new int[] {Integer.parseInt(f[i].substring(0, dash)), Integer.parseInt(f[i].substring(dash + 1))});
            }
            return new Entry(f[0], port, Set.of(f[2].split(",")), "connected".equals(f[7]), slots);
        }

        boolean owns(int slot) {
            return slots.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
        }

        int slotCount() {
            return slots.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
        }
    }

    private List<Entry> view(RedisServer node) {
        return infoQuietly(node, "CLUSTER", "NODES").map(text -> text.lines().filter(l -> !l.isBlank())
                .map(Entry::parse).toList()).orElse(List.of());
    }

    private Optional<Entry> self(RedisServer node) {
        return view(node).stream().filter(e -> e.flags.contains("myself")).findFirst();
    }

    /** What each node says, for timeout messages. */
    private String describe() {
        Map<String, String> said = new LinkedHashMap<>();
        for (RedisServer node : nodes) {
            said.put(address(node), !node.running() ? "not running"
                    : infoQuietly(node, "CLUSTER", "NODES").orElse("no answer").trim().replace("\n", "\n    "));
        }
        StringBuilder text = new StringBuilder("; the nodes' views:");
        said.forEach((node, view) -> text.append("\n  ").append(node).append(":\n    ").append(view));
        return text.toString();
    }

    @Override
    public String toString() {
        return "Redis Cluster " + seedUrls() + " (" + binary() + ")";
    }
}
