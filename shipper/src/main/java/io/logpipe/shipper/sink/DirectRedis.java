package io.logpipe.shipper.sink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.logpipe.common.Decimal;
import io.logpipe.shipper.event.Event;
import io.logpipe.shipper.event.EventWriter;

/**
 * The sink's own connection to a standalone Redis, for the one command that carries the data: a batch's
 * {@code RPUSH}, framed here straight from the events' JSON bytes and written from the sending thread.
 *
 * <p>Why not the Quarkus Redis client for it: the client copies every argument into a RESP buffer on its event
 * loop and hands the answer back to the sending thread; on 2 cores that event-loop leg (about a third of the
 * shipper's CPU) was what the sink waited on most (bench/, side by side on 2M lines: 453-528k events/s through
 * the client, 542-762k direct). Everything else (the start-up check, the congestion check, PUBLISH) still goes
 * through the client, and this path is taken only when the connection needs nothing more than a plain
 * {@code redis://} URL can say ({@link Endpoint#of}); otherwise the client carries the batches too.
 *
 * <p>Every write and read is bounded by the timeout (a non-blocking socket and a selector): a Redis that stopped
 * reading, or an address that went dark when its pod moved, fails the batch, which is then sent again on a new
 * connection, as with the client. Not thread-safe: the sending (pipeline) thread only. Replies are read in the
 * order the commands were written.
 */
public final class DirectRedis implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DirectRedis.class);

    private final SocketChannel channel;
    private final Selector selector;
    private final long timeoutMillis;
    private final ByteBuffer in = ByteBuffer.allocate(8192).flip();
    private final StringBuilder line = new StringBuilder();

    /**
     * One standalone Redis as a {@code redis://[[user]:password@]host[:port][/db]} URL names it.
     *
     * @param user null for the default user
     * @param password null when Redis asks for none
     */
    public record Endpoint(String host, int port, String user, String password, int db) {
        /** Client options a direct socket does not implement: when one is set, the client carries the batches. */
        static final List<String> CLIENT_ONLY = List.of("quarkus.redis.tls-configuration-name",
                "quarkus.redis.hosts-provider-name", "quarkus.redis.tcp.proxy-configuration-name",
                "quarkus.redis.tcp.proxy-options.host");

        /**
         * What the Quarkus Redis client's configuration says, when a direct connection can honour all of it: one
         * {@code redis://} host of a standalone client, and nothing set that only the client knows how to do
         * (TLS, a proxy, a hosts provider, other TCP options).
         *
         * @param property the value of a {@code quarkus.redis.*} property, if set
         * @return the endpoint, or empty (the reason is logged): the client carries the batches
         */
        public static Optional<Endpoint> of(Function<String, Optional<String>> property) {
            String type = property.apply("quarkus.redis.client-type").orElse("standalone");
            if (!type.equalsIgnoreCase("standalone")) {
                return viaClient("quarkus.redis.client-type is " + type);
            }
            if (property.apply("quarkus.redis.tls.enabled").map(Boolean::parseBoolean).orElse(false)) {
                return viaClient("quarkus.redis.tls.enabled is true");
            }
            for (String name : CLIENT_ONLY) {
                if (property.apply(name).filter(v -> !v.isBlank()).isPresent()) {
                    return viaClient(name + " is set");
                }
            }
            String hosts = property.apply("quarkus.redis.hosts").orElse("redis://localhost:6379");
            if (hosts.contains(",")) {
                return viaClient("quarkus.redis.hosts names more than one host");
            }
            Endpoint e = parse(hosts.trim());
            if (e == null) {
                return viaClient("quarkus.redis.hosts is not a plain redis:// URL");
            }
            Optional<String> password = property.apply("quarkus.redis.password");
            return Optional.of(password.isPresent() ? new Endpoint(e.host, e.port, e.user, password.get(), e.db) : e);
        }

        private static Optional<Endpoint> viaClient(String why) {
            LOG.infof("batches go to Redis through the Quarkus Redis client: %s (a direct socket takes one plain "
                    + "redis:// host of a standalone Redis)", why);
            return Optional.empty();
        }

        /** A plain {@code redis://} URL, or null for anything else ({@code rediss://}, {@code unix://}, garbage). */
        public static Endpoint parse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                return null;
            }
            if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null) {
                return null;
            }
            String user = null;
            String password = null;
            String info = uri.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                user = colon < 0 ? decode(info) : decode(info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
                if (user.isEmpty()) {
                    user = null;
                }
                if (password == null) {
                    // redis://secret@host: a lone user-info part is the password, as the Vert.x client reads it.
                    password = user;
                    user = null;
                }
            }
            int db = 0;
            String path = uri.getPath();
            if (path != null && path.length() > 1) {
                try {
                    db = Integer.parseInt(path.substring(1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return new Endpoint(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password, db);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "redis://" + (password != null ? (user != null ? user : "") + ":***@" : "") + host + ":" + port
                    + "/" + db;
        }
    }

    private DirectRedis(SocketChannel channel, Selector selector, long timeoutMillis) {
        this.channel = channel;
        this.selector = selector;
        this.timeoutMillis = timeoutMillis;
    }

    /** Connects and, as the URL says, authenticates and selects the database; every step within {@code timeout}. */
    static DirectRedis open(Endpoint endpoint, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            selector = Selector.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            DirectRedis redis = new DirectRedis(channel, selector, Math.max(1, timeout.toMillis()));
            if (!channel.connect(new InetSocketAddress(endpoint.host(), endpoint.port()))) {
                redis.await(SelectionKey.OP_CONNECT, "connecting");
                channel.finishConnect();
            }
            Command command = new Command();
            if (endpoint.password() != null) {
                List<byte[]> args = endpoint.user() == null ? List.of(utf8(endpoint.password()))
                        : List.of(utf8(endpoint.user()), utf8(endpoint.password()));
                redis.write(command.start("AUTH").args(args));
                redis.readReply();
            }
            if (endpoint.db() != 0) {
                redis.write(command.start("SELECT").arg(utf8(Integer.toString(endpoint.db()))));
                redis.readReply();
            }
            return redis;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** Writes a command built by {@link Command}; its reply is read by {@link #readReply}, in order. */
    void write(Command command) throws IOException {
        ByteBuffer out = command.toBuffer();
        channel.write(out);
        while (out.hasRemaining()) {
            await(SelectionKey.OP_WRITE, "writing");
            channel.write(out);
        }
    }

    /** Waits until the channel is ready for {@code op}, at most the timeout. */
    private void await(int op, String doing) throws IOException {
        SelectionKey key = channel.register(selector, op);
        try {
            if (selector.select(timeoutMillis) == 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while " + doing);
                }
                throw new SocketTimeoutException(
                        "Redis did not respond within " + timeoutMillis + " ms (" + doing + ")");
            }
        } finally {
            key.interestOps(0);
            selector.selectedKeys().clear();
        }
    }

    private int read() throws IOException {
        if (!in.hasRemaining()) {
            in.clear();
            int n = channel.read(in);
            while (n == 0) {
                await(SelectionKey.OP_READ, "waiting for a reply");
                n = channel.read(in);
            }
            in.flip();
            if (n < 0) {
                return -1;
            }
        }
        return in.get() & 0xFF;
    }

    /**
     * Reads the next reply: a status or an integer (its value; 0 for a status).
     *
     * @throws ReplyException when Redis answered with an error ({@code -OOM ...}, {@code -WRONGTYPE ...})
     * @throws IOException when the connection failed, timed out or carried something else
     */
    long readReply() throws IOException {
        int type = read();
        String text = readLine();
        switch (type) {
            case '+':
                return 0;
            case ':':
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IOException("Redis sent a malformed integer reply: " + text);
                }
            case '-':
                throw new ReplyException(text);
            case -1:
                throw new IOException("Redis closed the connection");
            default:
                throw new IOException("unexpected reply from Redis: " + (char) type + text);
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        int c;
        while ((c = read()) != '\n') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            channel.close();
            selector.close();
        } catch (IOException ignored) {
            // Nothing is left to lose on a connection being dropped.
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An error reply: the command was refused, the connection is still usable. */
    static final class ReplyException extends IOException {
        ReplyException(String message) {
            super(message);
        }
    }

    /**
     * One command in RESP, built in a reusable array: {@code *<n>\r\n} then {@code $<len>\r\n<bytes>\r\n} per
     * argument. The arguments are counted as they are added and the count is written in front of them when the
     * command is written out (a batch's events are added one by one as they are read). Not thread-safe.
     */
    static final class Command {
        /** Room left before the first argument for {@code *<count>\r\n}. */
        private static final int COUNT_ROOM = 1 + Decimal.MAX_LENGTH + 2;
        private byte[] bytes = new byte[64 * 1024];
        /** Where the command starts once {@link #finish() finished}: its {@code *}. */
        private int head;
        private int size;
        private int args;
        /** Digits of the last {@link #event} length: the guess for the next one. */
        private int eventDigits = 3;

        /** Starts a command of {@code name} (forgetting the previous one); its arguments follow. */
        Command start(String name) {
            size = COUNT_ROOM;
            args = 0;
            return arg(name.getBytes(StandardCharsets.US_ASCII));
        }

        Command arg(byte[] arg) {
            return arg(arg, arg.length);
        }

        /** An argument made of the first {@code length} bytes of {@code arg}. */
        Command arg(byte[] arg, int length) {
            ensure(Decimal.MAX_LENGTH + length + 5);
            bytes[size++] = '$';
            size = Decimal.write(length, bytes, size);
            bytes[size++] = '\r';
            bytes[size++] = '\n';
            System.arraycopy(arg, 0, bytes, size, length);
            size += length;
            bytes[size++] = '\r';
            bytes[size++] = '\n';
            args++;
            return this;
        }

        /**
         * An event's JSON as the next argument, encoded by {@code writer} straight into this command. Its length is
         * known only once written, so the header gets as many digits as the previous event's length had, and in
         * the rare case the count differs the JSON is moved to fit.
         *
         * @return the JSON's length
         */
        int event(EventWriter writer, Event event) {
            int digits = eventDigits;
            ensure(digits + 3);
            int header = size;
            int from = header + digits + 3;
            int end = writer.encodeAt(event, bytes, from);
            bytes = writer.buffer();
            int length = end - from;
            int actual = Decimal.digits(length);
            if (actual != digits) {
                size = end;
                ensure(actual - digits);
                System.arraycopy(bytes, from, bytes, from + actual - digits, length);
                from += actual - digits;
                eventDigits = actual;
            }
            bytes[header] = '$';
            Decimal.write(length, bytes, header + 1);
            bytes[from - 2] = '\r';
            bytes[from - 1] = '\n';
            size = from + length;
            ensure(2);
            bytes[size++] = '\r';
            bytes[size++] = '\n';
            args++;
            return length;
        }

        Command args(List<byte[]> args) {
            for (byte[] arg : args) {
                arg(arg);
            }
            return this;
        }

        /** Bytes the command's array can hold. */
        int capacity() {
            return bytes.length;
        }

        /** Writes the argument count in front of the arguments. */
        private void finish() {
            int digits = Decimal.digits(args);
            head = COUNT_ROOM - digits - 3;
            bytes[head] = '*';
            Decimal.write(args, bytes, head + 1);
            bytes[COUNT_ROOM - 2] = '\r';
            bytes[COUNT_ROOM - 1] = '\n';
        }

        /** The whole command, as {@link DirectRedis#write} sends it. */
        ByteBuffer toBuffer() {
            finish();
            return ByteBuffer.wrap(bytes, head, size - head);
        }

        /** The whole command (tests). */
        byte[] toByteArray() {
            finish();
            return Arrays.copyOfRange(bytes, head, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
