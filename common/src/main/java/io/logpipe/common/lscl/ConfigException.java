package io.logpipe.common.lscl;

/**
 * A configuration that cannot run, with where it goes wrong. The message reads
 * {@code <file>:<line>:<column>: <what>}: the services stop their start-up with it.
 */
public final class ConfigException extends RuntimeException {
    private final Location location;
    private final String reason;

    public ConfigException(Location location, String reason) {
        super(location + ": " + reason);
        this.location = location;
        this.reason = reason;
    }

    public Location location() {
        return location;
    }

    /** The message without the location. */
    public String reason() {
        return reason;
    }
}
