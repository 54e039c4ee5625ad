package io.logpipe.shipper;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the shipper logs (through the JBoss log manager / JUL), to assert on the operator's view. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.logpipe.shipper");
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (params != null && params.length > 0 && message.contains("%")) {
            message = String.format(message, params);
        }
        lines.add(record.getLevel() + " " + message);
    }

    boolean contains(String level, String part) {
        return lines.stream().anyMatch(l -> l.startsWith(level + " ") && l.contains(part));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
