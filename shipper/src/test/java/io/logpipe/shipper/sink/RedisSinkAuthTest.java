package io.logpipe.shipper.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisSinkAuthTest {

    @Test
    void credentialRefusalsAreToldApartFromOutages() {
        assertTrue(RedisSink.isAuthFailure("CompletionException: WRONGPASS invalid username-password pair or user is disabled."));
        assertTrue(RedisSink.isAuthFailure("ErrorType: NOAUTH Authentication required."));
        assertTrue(RedisSink.isAuthFailure("ErrorType: ERR invalid password"));
        assertFalse(RedisSink.isAuthFailure("ConnectException: Connection refused: /127.0.0.1:6379"));
        assertFalse(RedisSink.isAuthFailure("ErrorType: OOM command not allowed when used memory > 'maxmemory'."));
    }
}
