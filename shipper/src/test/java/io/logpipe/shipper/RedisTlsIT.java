package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.Ports;
import io.logpipe.devstack.RedisServer;

/**
 * The packaged shipper against a Redis that speaks TLS, with the properties the README's Redis TLS paragraph
 * names. The server listens on a plain port too, which the test reads the list through; its certificate names
 * {@code localhost} only, so {@code 127.0.0.1} is a name it does not hold.
 *
 * <p>Runs with Redis 7.0 and with the Redis 6.2 devstack bundles (built with TLS). Skipped, saying why, where it
 * cannot run: without {@code openssl} (the test's self-signed certificate), or with a {@code redis-server} on the
 * PATH built without TLS.
 */
class RedisTlsIT {
    private static Path dir;
    private static Path cert;
    private static RedisServer redis;
    private static int tlsPort;

    @BeforeAll
    static void startRedisWithTls() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "redis-tls-").toAbsolutePath();
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assumeTrue(openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost"),
                "openssl is needed for the test's self-signed certificate, and it is missing or failed");
        tlsPort = Ports.free();
        RedisServer server = RedisServer.builder().dir(dir.resolve("redis"))
                .config("tls-port", Integer.toString(tlsPort)).config("tls-cert-file", cert.toString())
                .config("tls-key-file", key.toString()).config("tls-auth-clients", "no").build();
        try {
            redis = server.start();
        } catch (RuntimeException e) {
            server.close();
            assumeTrue(false, "this redis-server does not start with a TLS port (built without TLS?): "
                    + e.getMessage());
        }
    }

    private static boolean openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static FileScenario scenario(String name) {
        FileScenario s = FileScenario.create(name, redis);
        s.append("app.log", lines("line", 0, 3));
        return s;
    }

    @Test
    void redissWithANamedTlsConfigurationTrustingThePemCertificateAndCheckingTheHostShips() {
        try (FileScenario s = scenario("tls-named")) {
            s.jvmProperty("quarkus.redis.hosts", "rediss://localhost:" + tlsPort)
                    .jvmProperty("quarkus.redis.tls-configuration-name", "redis")
                    .jvmProperty("quarkus.tls.redis.trust-store.pem.certs", cert.toString())
                    .jvmProperty("quarkus.tls.redis.hostname-verification-algorithm", "HTTPS")
                    .startProcess();
            s.waitUntilShipped("app.log");
            assertEquals(lines("line", 0, 3), s.messages());
            assertTrue(s.processLog().contains("through the Quarkus Redis client"), s.processLog());
        }
    }

    @Test
    void redissTrustingAllCertificatesShips() {
        try (FileScenario s = scenario("tls-trust-all")) {
            s.jvmProperty("quarkus.redis.hosts", "rediss://127.0.0.1:" + tlsPort)
                    .jvmProperty("quarkus.redis.tls.trust-all", "true")
                    .startProcess();
            s.waitUntilShipped("app.log");
            assertEquals(lines("line", 0, 3), s.messages());
        }
    }

    @Test
    void httpsHostnameVerificationRefusesACertificateThatDoesNotNameTheHost() {
        try (FileScenario s = scenario("tls-wrong-name")) {
            s.jvmProperty("quarkus.redis.hosts", "rediss://127.0.0.1:" + tlsPort)
                    .jvmProperty("quarkus.redis.tls-configuration-name", "redis")
                    .jvmProperty("quarkus.tls.redis.trust-store.pem.certs", cert.toString())
                    .jvmProperty("quarkus.tls.redis.hostname-verification-algorithm", "HTTPS")
                    .startProcess();
            Poll.until("the certificate refused", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> s.processLog().contains("SSLHandshakeException"), s::processLog);
            // The same configuration ships to localhost (above): the name is the only difference.
            assertEquals(0, s.llen(), "nothing shipped to a server whose certificate names another host");
        }
    }

    @Test
    void plainRedisUrlWithTlsEnabledIsRefusedAtStartUpNamingTheFix() {
        try (FileScenario s = scenario("tls-plain-url")) {
            // Without the check the client retries forever: "Pool initialized with SSL but connection requested
            // plain socket".
            s.jvmProperty("quarkus.redis.hosts", "redis://localhost:" + tlsPort)
                    .jvmProperty("quarkus.redis.tls.enabled", "true")
                    .jvmProperty("quarkus.redis.tls.trust-all", "true");
            IllegalStateException e = assertThrows(IllegalStateException.class, s::startProcess);
            assertTrue(e.getMessage().contains("write rediss://localhost:" + tlsPort), e.getMessage());
        }
    }

    @Test
    void plainRedisUrlWithANamedTlsConfigurationIsRefusedAtStartUpNamingTheFix() {
        try (FileScenario s = scenario("tls-plain-url-named")) {
            // Without the check Quarkus warns, drops TLS for the redis:// host and talks plain TCP to the TLS port.
            s.jvmProperty("quarkus.redis.hosts", "redis://localhost:" + tlsPort)
                    .jvmProperty("quarkus.redis.tls-configuration-name", "redis")
                    .jvmProperty("quarkus.tls.redis.trust-store.pem.certs", cert.toString());
            IllegalStateException e = assertThrows(IllegalStateException.class, s::startProcess);
            assertTrue(e.getMessage().contains("write rediss://localhost:" + tlsPort), e.getMessage());
        }
    }
}
