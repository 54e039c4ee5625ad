package io.logpipe.shipper.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.Resp;
import io.logpipe.devstack.SharedServers;
import io.logpipe.shipper.event.Decoration;
import io.logpipe.shipper.event.Event;
import io.logpipe.shipper.event.EventWriter;
import io.logpipe.shipper.tail.Message;

/** The sink's own Redis connection: RESP framing, replies, credentials and database, failures. */
class DirectRedisTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void anRpushIsFramedAsRespBulkStrings() {
        DirectRedis.Command c = new DirectRedis.Command().start("RPUSH")
                .arg(bytes("k")).arg(new byte[0]).arg(bytes("a\r\nb"));
        assertEquals("*4\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$0\r\n\r\n$4\r\na\r\nb\r\n",
                new String(c.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void eventsEncodedStraightIntoTheCommandAreFramedLikeTheirJsonAsArguments() {
        EventWriter w = new EventWriter("h");
        List<Event> events = new ArrayList<>();
        // Lengths of 2 to 6 digits, up and down, so the guessed header width is wrong now and then.
        for (int size : new int[] {1, 100_000, 5, 900, 1_000, 20, 8_000, 3}) {
            Message m = new Message("x".repeat(size), 0, size + 1, size, 1, 0);
            events.add(new Event(0, m, "/f", "k", 0, Decoration.NONE));
        }
        DirectRedis.Command framed = new DirectRedis.Command().start("RPUSH").arg(bytes("k"));
        DirectRedis.Command copied = new DirectRedis.Command().start("RPUSH").arg(bytes("k"));
        for (Event e : events) {
            byte[] json = w.encode(e);
            assertEquals(json.length, framed.event(w, e));
            copied.arg(json);
        }
        assertEquals(new String(copied.toByteArray(), StandardCharsets.UTF_8),
                new String(framed.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void anArgumentTakenFromTheStartOfALargerBufferIsFramedLikeThatArgumentAlone() {
        byte[] buffer = bytes("{\"message\":\"x\"}left over from a longer event");
        byte[] alone = bytes("{\"message\":\"x\"}");
        DirectRedis.Command c = new DirectRedis.Command().start("RPUSH").arg(buffer, alone.length);
        assertArrayEquals(new DirectRedis.Command().start("RPUSH").arg(alone).toByteArray(), c.toByteArray());
        DirectRedis.Command big = new DirectRedis.Command().start("RPUSH").arg(new byte[200_000], 150_000);
        assertEquals("*2\r\n$5\r\nRPUSH\r\n$150000\r\n".length() + 150_000 + 2, big.toByteArray().length,
                "grows past its first 64 KiB");
    }

    @Test
    void aBatchArrivesByteForByteAndInOrder() throws IOException {
        RedisServer server = SharedServers.redis();
        String key = "direct-" + System.nanoTime();
        List<byte[]> events = List.of(bytes("{\"message\":\"plain\"}"), bytes("{\"message\":\"caf\u00e9 \u2603\"}"),
                bytes("with\r\nCRLF and $3\r\n inside"), new byte[0], new byte[70_000]);
        try (DirectRedis redis = DirectRedis.open(DirectRedis.Endpoint.parse(server.url()), TIMEOUT);
                Resp check = server.connect()) {
            DirectRedis.Command c = new DirectRedis.Command();
            redis.write(c.start("RPUSH").arg(bytes(key)).args(events));
            redis.write(c.start("RPUSH").arg(bytes(key)).arg(bytes("second batch")));
            assertEquals(events.size(), redis.readReply(), "the first reply: the list's length after it");
            assertEquals(events.size() + 1, redis.readReply());
            List<?> stored = (List<?>) check.call("LRANGE", key, "0", "-1");
            assertEquals(events.size() + 1, stored.size());
            for (int i = 0; i < events.size(); i++) {
                assertArrayEquals(events.get(i), ((String) stored.get(i)).getBytes(StandardCharsets.UTF_8), "element " + i);
            }
            check.call("DEL", key);
        }
    }

    @Test
    void credentialsAndTheDatabaseComeFromTheUrl() throws IOException {
        try (RedisServer server = RedisServer.builder().password("s3cret").build().start()) {
            DirectRedis.Endpoint endpoint = DirectRedis.Endpoint.parse("redis://:s3cret@127.0.0.1:" + server.port() + "/3");
            try (DirectRedis redis = DirectRedis.open(endpoint, TIMEOUT)) {
                redis.write(new DirectRedis.Command().start("RPUSH").arg(bytes("k")).arg(bytes("v")));
                assertEquals(1, redis.readReply());
            }
            try (Resp check = Resp.connect(server.port(), "s3cret")) {
                assertEquals(0L, check.call("LLEN", "k"), "not in database 0");
                check.call("SELECT", "3");
                assertEquals(1L, check.call("LLEN", "k"), "in database 3");
            }
            DirectRedis.Endpoint wrong = DirectRedis.Endpoint.parse("redis://:nope@127.0.0.1:" + server.port());
            DirectRedis.ReplyException refused = assertThrows(DirectRedis.ReplyException.class,
                    () -> DirectRedis.open(wrong, TIMEOUT));
            assertTrue(RedisSink.isAuthFailure(refused.getMessage()), refused.getMessage());
        }
    }

    @Test
    void anErrorReplyFailsThatCommandOnlyAndTheConnectionGoesOn() throws IOException {
        RedisServer server = SharedServers.redis();
        String key = "direct-string-" + System.nanoTime();
        try (DirectRedis redis = DirectRedis.open(DirectRedis.Endpoint.parse(server.url()), TIMEOUT);
                Resp check = server.connect()) {
            check.call("SET", key, "not a list");
            DirectRedis.Command c = new DirectRedis.Command();
            redis.write(c.start("RPUSH").arg(bytes(key)).arg(bytes("v")));
            DirectRedis.ReplyException e = assertThrows(DirectRedis.ReplyException.class, redis::readReply);
            assertTrue(e.getMessage().startsWith("WRONGTYPE"), e.getMessage());
            redis.write(c.start("RPUSH").arg(bytes(key + ":list")).arg(bytes("v")));
            assertEquals(1, redis.readReply());
            check.call("DEL", key, key + ":list");
        }
    }

    @Test
    @Timeout(30)
    void aRedisThatNeverAnswersTimesOutInsteadOfHangingTheSink() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DirectRedis.Endpoint endpoint = DirectRedis.Endpoint.parse("redis://127.0.0.1:" + silent.getLocalPort());
            try (DirectRedis redis = DirectRedis.open(endpoint, Duration.ofMillis(300));
                    Socket accepted = silent.accept()) {
                redis.write(new DirectRedis.Command().start("RPUSH").arg(bytes("k")).arg(bytes("v")));
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, redis::readReply);
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "gave up about on time");
                assertTrue(accepted.isConnected());
            }
        }
    }

    @Test
    @Timeout(30)
    void aClosedConnectionIsAnErrorNotAnEmptyReply() throws IOException {
        try (ServerSocket closing = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DirectRedis.Endpoint endpoint = DirectRedis.Endpoint.parse("redis://127.0.0.1:" + closing.getLocalPort());
            try (DirectRedis redis = DirectRedis.open(endpoint, TIMEOUT)) {
                closing.accept().close();
                IOException e = assertThrows(IOException.class, redis::readReply);
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
        }
    }

    @Test
    void urlsAreReadAsTheQuarkusClientReadsThem() {
        assertEquals(new DirectRedis.Endpoint("redis.ns.svc", 6380, null, null, 2),
                DirectRedis.Endpoint.parse("redis://redis.ns.svc:6380/2"));
        assertEquals(new DirectRedis.Endpoint("h", 6379, null, null, 0), DirectRedis.Endpoint.parse("redis://h"));
        assertEquals(new DirectRedis.Endpoint("h", 6379, "shipper", "p@ss:word", 0),
                DirectRedis.Endpoint.parse("redis://shipper:p%40ss%3Aword@h"));
        assertEquals(new DirectRedis.Endpoint("h", 6379, null, "secret", 0),
                DirectRedis.Endpoint.parse("redis://:secret@h"));
        assertEquals(new DirectRedis.Endpoint("h", 6379, null, "secret", 0),
                DirectRedis.Endpoint.parse("redis://secret@h"), "a lone user-info part is the password");
        assertNull(DirectRedis.Endpoint.parse("rediss://h:6379"), "TLS: the client's job");
        assertNull(DirectRedis.Endpoint.parse("unix:///run/redis.sock"));
        assertNull(DirectRedis.Endpoint.parse("redis://h/not-a-number"));
        assertNull(DirectRedis.Endpoint.parse("not a url"));
    }

    @Test
    void onlyAPlainStandaloneConnectionIsTakenOverFromTheClient() {
        assertEquals(Optional.of(new DirectRedis.Endpoint("r", 6379, null, "pw", 1)),
                DirectRedis.Endpoint.of(config(Map.of("quarkus.redis.hosts", "redis://r:6379/1",
                        "quarkus.redis.password", "pw"))));
        assertEquals(Optional.of(new DirectRedis.Endpoint("localhost", 6379, null, null, 0)),
                DirectRedis.Endpoint.of(config(Map.of())), "the client's default host");
        assertEquals(Optional.empty(), DirectRedis.Endpoint.of(config(Map.of("quarkus.redis.hosts", "redis://a,redis://b"))));
        assertEquals(Optional.empty(), DirectRedis.Endpoint.of(config(Map.of("quarkus.redis.client-type", "sentinel"))));
        assertEquals(Optional.empty(), DirectRedis.Endpoint.of(config(Map.of("quarkus.redis.tls.enabled", "true"))));
        assertEquals(Optional.empty(), DirectRedis.Endpoint.of(config(Map.of("quarkus.redis.tls-configuration-name", "r"))));
        assertEquals(Optional.empty(), DirectRedis.Endpoint.of(config(Map.of("quarkus.redis.tcp.proxy-options.host", "p"))));
        assertEquals(Optional.empty(), DirectRedis.Endpoint.of(config(Map.of("quarkus.redis.hosts", "rediss://r"))));
    }

    private static java.util.function.Function<String, Optional<String>> config(Map<String, String> properties) {
        return name -> Optional.ofNullable(properties.get(name));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
