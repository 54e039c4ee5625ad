package io.logpipe.common.resp;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.Resp;
import io.logpipe.devstack.SharedServers;

/** The services' own Redis connection: RESP framing, replies, credentials and database, failures. */
class RespConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void anRpushIsFramedAsRespBulkStrings() {
        RespCommand c = new RespCommand().start("RPUSH")
                .arg(bytes("k")).arg(new byte[0]).arg(bytes("a\r\nb"));
        assertEquals("*4\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$0\r\n\r\n$4\r\na\r\nb\r\n",
                new String(c.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void argumentsWrittenInPlaceAreFramedLikeTheSameBytesCopiedIn() {
        // Lengths of 1 to 6 digits, up and down, so the guessed header width is wrong now and then; the large
        // ones also make the command's array grow while an argument is written into it.
        RespCommand inPlace = new RespCommand().start("RPUSH").arg(bytes("k"));
        RespCommand copied = new RespCommand().start("RPUSH").arg(bytes("k"));
        for (int size : new int[] {1, 100_000, 5, 900, 1_000, 20, 8_000, 3, 0, 250_000}) {
            byte[] content = bytes("y".repeat(size));
            assertEquals(size, inPlace.arg(new Copying(content)));
            copied.arg(content);
        }
        assertArrayEquals(copied.toByteArray(), inPlace.toByteArray());
    }

    /** Writes its bytes into the target it is given, growing it as an event writer does. */
    private static final class Copying implements RespCommand.InPlace {
        private final byte[] content;
        private byte[] array;

        Copying(byte[] content) {
            this.content = content;
        }

        @Override
        public int writeAt(byte[] target, int from) {
            array = target.length < from + content.length ? Arrays.copyOf(target, from + content.length) : target;
            System.arraycopy(content, 0, array, from, content.length);
            return from + content.length;
        }

        @Override
        public byte[] array() {
            return array;
        }
    }

    @Test
    void anArgumentTakenFromTheStartOfALargerBufferIsFramedLikeThatArgumentAlone() {
        byte[] buffer = bytes("{\"message\":\"x\"}left over from a longer event");
        byte[] alone = bytes("{\"message\":\"x\"}");
        RespCommand c = new RespCommand().start("RPUSH").arg(buffer, alone.length);
        assertArrayEquals(new RespCommand().start("RPUSH").arg(alone).toByteArray(), c.toByteArray());
        RespCommand big = new RespCommand().start("RPUSH").arg(new byte[200_000], 150_000);
        assertEquals("*2\r\n$5\r\nRPUSH\r\n$150000\r\n".length() + 150_000 + 2, big.toByteArray().length,
                "grows past its first 64 KiB");
    }

    @Test
    void aBatchArrivesByteForByteAndInOrder() throws IOException {
        RedisServer server = SharedServers.redis();
        String key = "direct-" + System.nanoTime();
        List<byte[]> events = List.of(bytes("{\"message\":\"plain\"}"), bytes("{\"message\":\"caf\u00e9 \u2603\"}"),
                bytes("with\r\nCRLF and $3\r\n inside"), new byte[0], new byte[70_000]);
        try (RespConnection redis = RespConnection.open(RedisEndpoint.parse(server.url()), TIMEOUT);
                Resp check = server.connect()) {
            RespCommand c = new RespCommand();
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
    void aListIsReadBackByteForByteAndNilIsNull() throws IOException {
        RedisServer server = SharedServers.redis();
        String key = "direct-read-" + System.nanoTime();
        // Elements around and far beyond the connection's 64 KiB read buffer, and bytes RESP itself uses.
        List<byte[]> elements = List.of(bytes("{\"message\":\"caf\u00e9\"}"), new byte[0], bytes("a\r\n$3\r\n*2"),
                bytes("z".repeat(65_530)), bytes("w".repeat(300_000)), bytes("last"));
        try (RespConnection redis = RespConnection.open(RedisEndpoint.parse(server.url()), TIMEOUT)) {
            RespCommand c = new RespCommand();
            redis.write(c.start("RPUSH").arg(bytes(key)).args(elements));
            assertEquals(elements.size(), redis.readReply());
            for (int round = 0; round < 3; round++) {
                redis.write(c.start("LRANGE").arg(key).arg("0").arg("-1"));
                List<byte[]> read = redis.readBulks();
                assertEquals(elements.size(), read.size());
                for (int i = 0; i < elements.size(); i++) {
                    assertArrayEquals(elements.get(i), read.get(i), "element " + i + " of round " + round);
                }
            }
            redis.write(c.start("LRANGE").arg(key + ":none").arg("0").arg("-1"));
            assertEquals(List.of(), redis.readBulks());
            redis.write(c.start("LPOP").arg(key + ":none"));
            assertNull(redis.readBulk());
            redis.write(c.start("LPOP").arg(key));
            assertArrayEquals(elements.get(0), redis.readBulk());
            redis.write(c.start("DEL").arg(key));
            assertEquals(1, redis.readReply());
        }
    }

    @Test
    void credentialsAndTheDatabaseComeFromTheUrl() throws IOException {
        try (RedisServer server = RedisServer.builder().password("s3cret").build().start()) {
            RedisEndpoint endpoint = RedisEndpoint.parse("redis://:s3cret@127.0.0.1:" + server.port() + "/3");
            try (RespConnection redis = RespConnection.open(endpoint, TIMEOUT)) {
                redis.write(new RespCommand().start("RPUSH").arg(bytes("k")).arg(bytes("v")));
                assertEquals(1, redis.readReply());
            }
            try (Resp check = Resp.connect(server.port(), "s3cret")) {
                assertEquals(0L, check.call("LLEN", "k"), "not in database 0");
                check.call("SELECT", "3");
                assertEquals(1L, check.call("LLEN", "k"), "in database 3");
            }
            RedisEndpoint wrong = RedisEndpoint.parse("redis://:nope@127.0.0.1:" + server.port());
            RespConnection.ErrorReply refused = assertThrows(RespConnection.ErrorReply.class,
                    () -> RespConnection.open(wrong, TIMEOUT));
            assertTrue(refused.getMessage().startsWith("WRONGPASS") || refused.getMessage().contains("invalid"), refused.getMessage());
        }
    }

    @Test
    void anErrorReplyFailsThatCommandOnlyAndTheConnectionGoesOn() throws IOException {
        RedisServer server = SharedServers.redis();
        String key = "direct-string-" + System.nanoTime();
        try (RespConnection redis = RespConnection.open(RedisEndpoint.parse(server.url()), TIMEOUT);
                Resp check = server.connect()) {
            check.call("SET", key, "not a list");
            RespCommand c = new RespCommand();
            redis.write(c.start("RPUSH").arg(bytes(key)).arg(bytes("v")));
            RespConnection.ErrorReply e = assertThrows(RespConnection.ErrorReply.class, redis::readReply);
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
            RedisEndpoint endpoint = RedisEndpoint.parse("redis://127.0.0.1:" + silent.getLocalPort());
            try (RespConnection redis = RespConnection.open(endpoint, Duration.ofMillis(300));
                    Socket accepted = silent.accept()) {
                redis.write(new RespCommand().start("RPUSH").arg(bytes("k")).arg(bytes("v")));
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
            RedisEndpoint endpoint = RedisEndpoint.parse("redis://127.0.0.1:" + closing.getLocalPort());
            try (RespConnection redis = RespConnection.open(endpoint, TIMEOUT)) {
                closing.accept().close();
                IOException e = assertThrows(IOException.class, redis::readReply);
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
        }
    }

    @Test
    void urlsAreReadAsTheQuarkusClientReadsThem() {
        assertEquals(new RedisEndpoint("redis.ns.svc", 6380, null, null, 2),
                RedisEndpoint.parse("redis://redis.ns.svc:6380/2"));
        assertEquals(new RedisEndpoint("h", 6379, null, null, 0), RedisEndpoint.parse("redis://h"));
        assertEquals(new RedisEndpoint("h", 6379, "shipper", "p@ss:word", 0),
                RedisEndpoint.parse("redis://shipper:p%40ss%3Aword@h"));
        assertEquals(new RedisEndpoint("h", 6379, null, "secret", 0),
                RedisEndpoint.parse("redis://:secret@h"));
        assertEquals(new RedisEndpoint("h", 6379, null, "secret", 0),
                RedisEndpoint.parse("redis://secret@h"), "a lone user-info part is the password");
        assertNull(RedisEndpoint.parse("rediss://h:6379"), "TLS: the client's job");
        assertNull(RedisEndpoint.parse("unix:///run/redis.sock"));
        assertNull(RedisEndpoint.parse("redis://h/not-a-number"));
        assertNull(RedisEndpoint.parse("not a url"));
    }

    @Test
    void onlyAPlainStandaloneConnectionIsTakenOverFromTheClient() {
        assertEquals(Optional.of(new RedisEndpoint("r", 6379, null, "pw", 1)),
                endpoint(Map.of("quarkus.redis.hosts", "redis://r:6379/1", "quarkus.redis.password", "pw")));
        assertEquals(Optional.of(new RedisEndpoint("localhost", 6379, null, null, 0)), endpoint(Map.of()),
                "the client's default host");
        for (Map<String, String> clientOnly : List.of(Map.of("quarkus.redis.hosts", "redis://a,redis://b"),
                Map.of("quarkus.redis.client-type", "sentinel"), Map.of("quarkus.redis.tls.enabled", "true"),
                Map.of("quarkus.redis.tls-configuration-name", "r"), Map.of("quarkus.redis.tcp.proxy-options.host", "p"),
                Map.of("quarkus.redis.hosts", "rediss://r"))) {
            List<String> why = new java.util.ArrayList<>();
            assertEquals(Optional.empty(), RedisEndpoint.of(config(clientOnly), why::add), clientOnly.toString());
            assertEquals(1, why.size(), "says why: " + clientOnly);
        }
    }

    @Test
    void aPasswordIsNeverShown() {
        assertEquals("redis://u:***@h:1/2", new RedisEndpoint("h", 1, "u", "secret", 2).toString());
    }

    private static Optional<RedisEndpoint> endpoint(Map<String, String> properties) {
        return RedisEndpoint.of(config(properties), why -> {
            throw new AssertionError("not taken over: " + why);
        });
    }

    private static java.util.function.Function<String, Optional<String>> config(Map<String, String> properties) {
        return name -> Optional.ofNullable(properties.get(name));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
