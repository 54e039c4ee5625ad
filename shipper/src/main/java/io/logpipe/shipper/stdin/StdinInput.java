package io.logpipe.shipper.stdin;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.logpipe.shipper.tail.ByteSource;
import io.logpipe.shipper.tail.LineReader;
import io.logpipe.shipper.tail.Message;

/**
 * Standard input as an event source (Logstash's {@code stdin {}}): a thread frames lines with the same
 * {@link LineReader} as files and hands them to the pipeline through a small bounded queue, so a stalled
 * Redis stops reading stdin as well. Stdin has no offsets: lines not yet in Redis when the process dies are lost,
 * as with any pipe. The end of input is logged and the shipper keeps running for its files.
 */
public final class StdinInput {
    private static final Logger LOG = Logger.getLogger(StdinInput.class);

    private final InputStream in;
    private final int maxLineBytes;
    private final BlockingQueue<Message> lines = new ArrayBlockingQueue<>(1024);
    private final Thread thread;
    private volatile boolean ended;

    public StdinInput(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.thread = new Thread(this::run, "shipper-stdin");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The next line read, or null when none is waiting. */
    public Message poll() {
        return lines.poll();
    }

    /** True once stdin ended and every line was taken. */
    public boolean finished() {
        return ended && lines.isEmpty();
    }

    private void run() {
        ByteSource source = (position, into, offset, length) -> in.read(into, offset, length);
        LineReader reader = new LineReader(source, 0, maxLineBytes, LineReader.Observer.NONE);
        try {
            while (true) {
                Message m = reader.next();
                if (m == null) {
                    if (reader.ended()) {
                        Message last = reader.drain();
                        if (last != null) {
                            put(last);
                        }
                        break;
                    }
                    continue;
                }
                put(m);
            }
            LOG.info("standard input ended; files are still shipped");
        } catch (IOException e) {
            LOG.warnf("reading standard input failed (%s); no more events from stdin", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
        }
    }

    /** Queues a copy: the line is a view of the reader's buffer, which the next lines overwrite. */
    private void put(Message line) throws InterruptedException {
        Message m = line.copy();
        while (!lines.offer(m, 1, TimeUnit.SECONDS)) {
            // The pipeline is paused by backpressure; keep waiting, stdin cannot be re-read.
        }
    }
}
