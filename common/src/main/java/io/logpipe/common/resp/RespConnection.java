package io.logpipe.common.resp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's own connection to a standalone Redis, for the commands that carry the data, written and read on the
 * calling thread.
 *
 * <p>Why not the Quarkus Redis client for them: it copies every argument into a RESP buffer on its event loop,
 * parses every reply there into buffers of its own, and hands each result back to the calling thread. On 2 cores
 * shared with Redis (and, for the indexer, Elasticsearch) that event-loop leg was the largest cost after the
 * services' own work (bench/: the shipper shipped a third more events per second without it; the indexer's
 * event loop took 0.85 CPU-s per million claimed events).
 *
 * <p>Every write and read is bounded by the timeout (a non-blocking socket and a selector): a Redis that stopped
 * reading, or an address that went dark when its pod moved, fails the command; the caller drops the connection
 * and opens a new one. Not thread-safe. Replies are read in the order the commands were written.
 */
public final class RespConnection implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final long timeoutMillis;
    /** Replies as read, consumed from position to limit. Large enough for a claimed batch in a few reads. */
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private final StringBuilder line = new StringBuilder();

    /** An error reply: the command was refused, the connection is still usable. */
    public static final class ErrorReply extends IOException {
        public ErrorReply(String message) {
            super(message);
        }
    }

    private RespConnection(SocketChannel channel, Selector selector, long timeoutMillis) {
        this.channel = channel;
        this.selector = selector;
        this.timeoutMillis = timeoutMillis;
    }

    /** Connects and, as the URL says, authenticates and selects the database; every step within {@code timeout}. */
    public static RespConnection open(RedisEndpoint endpoint, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            selector = Selector.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            RespConnection redis = new RespConnection(channel, selector, Math.max(1, timeout.toMillis()));
            if (!channel.connect(new InetSocketAddress(endpoint.host(), endpoint.port()))) {
                redis.await(SelectionKey.OP_CONNECT, "connecting");
                channel.finishConnect();
            }
            RespCommand command = new RespCommand();
            if (endpoint.password() != null) {
                command.start("AUTH");
                if (endpoint.user() != null) {
                    command.arg(endpoint.user());
                }
                redis.write(command.arg(endpoint.password()));
                redis.readReply();
            }
            if (endpoint.db() != 0) {
                redis.write(command.start("SELECT").arg(Integer.toString(endpoint.db())));
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

    /** Writes a command; its reply is read by one of the {@code read} methods, in order. */
    public void write(RespCommand command) throws IOException {
        ByteBuffer out = command.toBuffer();
        channel.write(out);
        while (out.hasRemaining()) {
            await(SelectionKey.OP_WRITE, "writing");
            channel.write(out);
        }
    }

    /**
     * Reads the next reply: a status or an integer (its value; 0 for a status).
     *
     * @throws ErrorReply when Redis answered with an error ({@code -OOM ...}, {@code -WRONGTYPE ...})
     * @throws IOException when the connection failed, timed out or carried something else
     */
    public long readReply() throws IOException {
        int type = read();
        String text = readLine();
        switch (type) {
            case '+':
                return 0;
            case ':':
                return parse(text);
            default:
                throw unexpected(type, text);
        }
    }

    /**
     * Reads the next reply as an array of bulk strings ({@code LRANGE}): each element's bytes, in order; a nil or
     * empty array gives an empty list.
     */
    public List<byte[]> readBulks() throws IOException {
        int type = read();
        if (type != '*') {
            throw unexpected(type, readLine());
        }
        long n = readLength();
        List<byte[]> elements = new ArrayList<>((int) Math.max(0, n));
        for (long i = 0; i < n; i++) {
            byte[] element = readBulk();
            if (element == null) {
                throw new IOException("Redis sent a nil element in an array of strings");
            }
            elements.add(element);
        }
        return elements;
    }

    /** Reads the next reply as one bulk string: its bytes, or null for nil. */
    public byte[] readBulk() throws IOException {
        int type = read();
        if (type == '$') {
            long length = readLength();
            if (length < 0) {
                return null;
            }
            if (length > Integer.MAX_VALUE - 16) {
                throw new IOException("Redis sent a string of " + length + " bytes");
            }
            byte[] bytes = new byte[(int) length];
            readFully(bytes);
            if (read() != '\r' || read() != '\n') {
                throw new IOException("Redis sent a malformed string reply");
            }
            return bytes;
        }
        throw unexpected(type, readLine());
    }

    /**
     * Reads the next reply whatever its shape, for the rare structured ones ({@code CLUSTER SLOTS}): a Long for an
     * integer, a String for a status, a byte[] (or null) for a bulk string, a List of these for an array.
     */
    public Object readValue() throws IOException {
        int type = read();
        switch (type) {
            case '+':
                return readLine();
            case ':':
                return parse(readLine());
            case '$': {
                in.position(in.position() - 1);
                return readBulk();
            }
            case '*': {
                long n = readLength();
                List<Object> values = new ArrayList<>((int) Math.max(0, Math.min(n, 1 << 16)));
                for (long i = 0; i < n; i++) {
                    values.add(readValue());
                }
                return values;
            }
            default:
                throw unexpected(type, readLine());
        }
    }

    private IOException unexpected(int type, String text) {
        switch (type) {
            case '-':
                return new ErrorReply(text);
            case -1:
                return new IOException("Redis closed the connection");
            default:
                return new IOException("unexpected reply from Redis: " + (char) type + text);
        }
    }

    private static long parse(String text) throws IOException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("Redis sent a malformed number: " + text);
        }
    }

    /**
     * The digits of a bulk string's length or an array's count, and the {@code \r\n} after them, without making a
     * string of them.
     */
    private long readLength() throws IOException {
        int c = read();
        boolean negative = c == '-';
        if (negative) {
            c = read();
        }
        long value = 0;
        int digits = 0;
        for (; c >= '0' && c <= '9' && digits < 19; c = read(), digits++) {
            value = value * 10 + (c - '0');
        }
        if (digits == 0 || c != '\r' || read() != '\n') {
            throw new IOException("Redis sent a malformed length");
        }
        return negative ? -value : value;
    }

    private void readFully(byte[] into) throws IOException {
        int at = Math.min(in.remaining(), into.length);
        in.get(into, 0, at);
        if (at < into.length) {
            // The rest straight from the socket into the array: one copy instead of two.
            ByteBuffer rest = ByteBuffer.wrap(into, at, into.length - at);
            while (rest.hasRemaining()) {
                int n = channel.read(rest);
                if (n < 0) {
                    throw new IOException("Redis closed the connection");
                }
                if (n == 0) {
                    await(SelectionKey.OP_READ, "waiting for a reply");
                }
            }
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

}
