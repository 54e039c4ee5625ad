import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the inputs of the quick indexer benchmark, both from the same N events (the wire contract of DESIGN.md):
 * {@code events.resp} (RPUSH commands for {@code redis-cli --pipe}, 1000 events per command, to KEY) and
 * {@code bulk-<c>.curl} (curl config files, one per client, posting pre-built {@code _bulk} bodies of 1000
 * documents with the same action line the indexer writes: {@code create}, {@code _id} = event.id).
 *
 * <p>java Gen.java N KEY INDEX ES_URL CLIENTS OUT_DIR
 */
public class Gen {
    public static void main(String[] a) throws IOException {
        int n = Integer.parseInt(a[0]);
        String key = a[1];
        String index = a[2];
        String es = a[3];
        int clients = Integer.parseInt(a[4]);
        Path out = Files.createDirectories(Path.of(a[5]));
        Path bulk = Files.createDirectories(out.resolve("bulk"));
        String[] messages = {
            "GET /api/orders/%d HTTP/1.1 200 1532 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\" rt=0.012",
            "POST /api/cart/%d/items HTTP/1.1 201 88 \"https://shop.example.com/cart\" \"okhttp/4.12.0\" rt=0.034",
            "2026-11-24 10:00:00,123 INFO  [io.example.OrderService] (executor-thread-%d) order accepted total=42.10 EUR",
            "2026-11-24 10:00:00,456 WARN  [io.example.PaymentClient] (vert.x-eventloop-thread-1) retry %d of payment call after 503",
        };
        StringBuilder[] curl = new StringBuilder[clients];
        for (int c = 0; c < clients; c++) {
            curl[c] = new StringBuilder();
        }
        try (OutputStream resp = new BufferedOutputStream(Files.newOutputStream(out.resolve("events.resp")), 1 << 20)) {
            long offset = 0;
            for (int from = 0, body = 0; from < n; from += 1000, body++) {
                int to = Math.min(n, from + 1000);
                StringBuilder ndjson = new StringBuilder();
                resp.write(("*" + (to - from + 2) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                bulkString(resp, "RPUSH");
                bulkString(resp, key);
                for (int i = from; i < to; i++) {
                    String id = String.format("%016x%016x", 0x5eedL * 31 + i, (long) i * 0x9E3779B97F4A7C15L);
                    String message = String.format(messages[i % messages.length], i);
                    String event = "{\"@timestamp\":\"2026-11-24T10:" + String.format("%02d:%02d.%03d", (i / 60000) % 60, (i / 1000) % 60, i % 1000)
                            + "Z\",\"@version\":\"1\",\"message\":\"" + message.replace("\"", "\\\"") + "\",\"host\":{\"name\":\"web-7c9f\"},"
                            + "\"log\":{\"file\":{\"path\":\"/var/log/app/app.log\"},\"offset\":" + offset + "},"
                            + "\"event\":{\"id\":\"" + id + "\"},\"type\":\"app\",\"tags\":[\"bench\"],\"fields\":{\"team\":\"payments\"}}";
                    offset += message.length() + 1;
                    bulkString(resp, event);
                    ndjson.append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id).append("\"}}\n")
                            .append(event).append('\n');
                }
                Path file = bulk.resolve(String.format("body-%05d.ndjson", body));
                Files.writeString(file, ndjson);
                StringBuilder config = curl[body % clients];
                if (config.length() > 0) {
                    config.append("next\n");
                }
                config.append("url = \"").append(es).append("/_bulk\"\n")
                        .append("data-binary = \"@").append(file.toAbsolutePath()).append("\"\n")
                        .append("header = \"Content-Type: application/x-ndjson\"\n")
                        .append("output = \"/dev/null\"\n")
                        .append("silent\n");
            }
        }
        for (int c = 0; c < clients; c++) {
            Files.writeString(out.resolve("bulk-" + c + ".curl"), curl[c]);
        }
    }

    private static void bulkString(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write('\r');
        out.write('\n');
    }
}
