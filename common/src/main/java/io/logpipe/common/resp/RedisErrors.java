package io.logpipe.common.resp;

/**
 * One short line for a failed Redis call. The Vert.x client's exceptions can carry the whole command, a Lua
 * script's source included, over dozens of lines: a log line must say what failed, not repeat the request.
 */
public final class RedisErrors {
    static final int MAX = 200;

    private RedisErrors() {
    }

    public static String brief(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause.getMessage().isBlank())) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage().strip();
        int eol = message.indexOf('\n');
        if (eol >= 0) {
            message = message.substring(0, eol).strip() + " ...";
        }
        if (message.length() > MAX) {
            message = message.substring(0, MAX) + " ...";
        }
        return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
