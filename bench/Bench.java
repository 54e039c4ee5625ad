import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The benchmark's own tools, one file so that it runs from a fresh clone with nothing but a JDK
 * ({@code javac -d bench/.build bench/Bench.java && java -cp bench/.build Bench <command> ...}).
 *
 * <ul>
 *   <li>{@code gen}: the deterministic, seeded corpus (Apache combined access lines and application log
 *       events with Java stack traces) and the figures the harness needs (events under the multiline rule).</li>
 *   <li>{@code watch}: starts a shipper contender, polls LLEN until the expected count, and measures wall
 *       time, CPU seconds and peak/idle resident memory of the process from /proc.</li>
 *   <li>{@code drain}: starts an indexer and polls until the list and its in-flight lists are empty.</li>
 *   <li>{@code dump}, {@code resp}, {@code bulk}: turn list elements into the ceilings' pre-encoded input.</li>
 *   <li>{@code verify}: compares the messages a contender pushed with the generator's expected events.</li>
 *   <li>{@code live}: writes lines at a fixed rate and measures write-to-searchable latency of samples.</li>
 * </ul>
 *
 * The multiline rule every contender uses: a new event starts at a line that does NOT begin with white
 * space or {@code Caused by:}; every other line joins the event before it.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Bench gen|events|watch|drain|dump|resp|bulk|verify|live|stats ...");
            System.exit(2);
        }
        Map<String, String> o = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                rest.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            if (args[i].startsWith("--")) {
                o.put(args[i].substring(2), args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        switch (args[0]) {
            case "gen" -> gen(o);
            case "watch" -> watch(o, rest);
            case "drain" -> drain(o, rest);
            case "dump" -> dump(o);
            case "resp" -> resp(o);
            case "bulk" -> bulk(o);
            case "verify" -> verify(o);
            case "live" -> live(o);
            case "stats" -> stats(o);
            case "jfrtop" -> jfrtop(o);
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    // ------------------------------------------------------------------ corpus

    /** Does this line start a new event under the benchmark's multiline rule? */
    static boolean startsEvent(String line) {
        return !(!line.isEmpty() && Character.isWhitespace(line.charAt(0))) && !line.startsWith("Caused by:");
    }

    /** Realistic web-app log lines from a seeded random source: same seed, same bytes. */
    static final class LineGen {
        private static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "curl/8.4.0",
            "kube-probe/1.28",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 Edg/119.0.2151.97",
        };
        private static final String[] PATHS = {
            "/", "/index.html", "/api/v1/products/%d", "/api/v1/products?category=%s&page=%d&sort=price",
            "/api/v1/cart/%d/items", "/api/v1/orders/%d", "/static/js/app.%x.js", "/static/css/main.%x.css",
            "/images/products/%d/large.jpg", "/search?q=%s&page=%d", "/account/login", "/checkout/payment",
            "/healthz", "/api/v1/recommendations?user=%d&limit=20",
        };
        private static final String[] WORDS = {
            "shoes", "jackets", "laptops", "garden", "kitchen", "toys", "books", "music", "sports", "beauty",
        };
        private static final String[] METHODS = {"GET", "GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "HEAD"};
        private static final int[] STATUS = {200, 200, 200, 200, 200, 200, 200, 304, 301, 404, 500, 201, 204, 302, 403};
        private static final String[] REFERERS = {
            "-", "https://shop.example.com/", "https://shop.example.com/category/%s?color=red&size=42",
            "https://www.google.com/", "https://shop.example.com/search?q=%s",
        };
        private static final String[] LOGGERS = {
            "c.e.shop.order.OrderService", "c.e.shop.cart.CartController", "c.e.shop.payment.PaymentGateway",
            "o.h.engine.jdbc.spi.SqlExceptionHelper", "c.e.shop.inventory.StockClient", "o.s.web.servlet.DispatcherServlet",
        };
        private static final String[] INFO = {
            "Order %d placed by customer %d, total %d.%02d EUR, %d items",
            "Cart %d updated: %d items, recalculated prices in %d ms",
            "Payment authorised for order %d via provider adyen in %d ms",
            "Cache refresh of product catalogue finished: %d entries in %d ms",
            "Slow query detected on table orders: %d ms (threshold 500 ms)",
        };
        private static final String[] EXCEPTIONS = {
            "java.lang.IllegalStateException: Inventory reservation failed for sku SKU-%d",
            "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection",
            "java.net.SocketTimeoutException: Read timed out after %d ms calling http://payments.internal/api/charge",
            "java.lang.NullPointerException: Cannot invoke \"com.example.shop.cart.Item.getPrice()\" because \"item\" is null",
        };
        private static final String[] CAUSES = {
            "Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            "Caused by: java.net.ConnectException: Connection refused",
            "Caused by: org.postgresql.util.PSQLException: ERROR: deadlock detected",
        };
        private static final String[] FRAMES = {
            "com.example.shop.order.OrderService.placeOrder(OrderService.java:%L)",
            "com.example.shop.order.OrderController.create(OrderController.java:%L)",
            "com.example.shop.inventory.StockClient.reserve(StockClient.java:%L)",
            "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:%L)",
            "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:%L)",
            "org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:%L)",
            "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:%L)",
            "java.base/java.lang.Thread.run(Thread.java:%L)",
            "org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:%L)",
            "jdk.internal.reflect.GeneratedMethodAccessor%d.invoke(Unknown Source)",
        };
        private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);
        private static final DateTimeFormatter APP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

        /** Share of events that are application events (chosen so that about 20 % of lines are application lines). */
        static final double APP_EVENT_SHARE = 0.0274;
        /** Share of application events that carry a stack trace. */
        static final double TRACE_SHARE = 0.35;

        private final SplittableRandom rnd;
        boolean lastWasApp;
        private long millis = LocalDateTime.of(2026, 11, 24, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

        LineGen(long seed) {
            rnd = new SplittableRandom(seed);
        }

        private String pick(String[] a) {
            return a[rnd.nextInt(a.length)];
        }

        private String fill(String template) {
            StringBuilder sb = new StringBuilder(template.length() + 16);
            for (int i = 0; i < template.length(); i++) {
                char c = template.charAt(i);
                if (c == '%' && i + 1 < template.length()) {
                    char f = template.charAt(++i);
                    switch (f) {
                        case 'd' -> sb.append(rnd.nextInt(1, 99999));
                        case 'L' -> sb.append(rnd.nextInt(20, 900));
                        case 'x' -> sb.append(Integer.toHexString(rnd.nextInt()));
                        case 's' -> sb.append(pick(WORDS));
                        case '0' -> { // %02d
                            i += 2;
                            int v = rnd.nextInt(100);
                            sb.append(v < 10 ? "0" : "").append(v);
                        }
                        default -> sb.append(c).append(f);
                    }
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        /** One Apache combined access line; {@code marker} (or null) is put into the request path. */
        String access(String marker) {
            millis += rnd.nextInt(3);
            LocalDateTime t = LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC);
            String path = fill(pick(PATHS));
            if (marker != null) {
                path = "/latprobe/" + marker + path;
            }
            int status = STATUS[rnd.nextInt(STATUS.length)];
            return (rnd.nextInt(1, 224)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(1, 255)
                    + " - " + (rnd.nextInt(10) == 0 ? "user" + rnd.nextInt(1000) : "-")
                    + " [" + APACHE.format(t) + " +0000] \"" + pick(METHODS) + " " + path + " HTTP/1.1\" " + status + " "
                    + (status == 204 || status == 304 ? 0 : rnd.nextInt(200, 250000))
                    + " \"" + fill(pick(REFERERS)) + "\" \"" + pick(AGENTS) + "\"";
        }

        /** One application event: a single line, or a log line followed by a 5..40-line stack trace. */
        List<String> app() {
            millis += rnd.nextInt(3);
            String ts = APP.format(LocalDateTime.ofEpochSecond(millis / 1000, (int) (millis % 1000) * 1_000_000, ZoneOffset.UTC));
            String thread = "[http-nio-8080-exec-" + rnd.nextInt(1, 200) + "]";
            List<String> lines = new ArrayList<>();
            if (rnd.nextDouble() >= TRACE_SHARE) {
                String level = rnd.nextInt(4) == 0 ? " WARN" : " INFO";
                lines.add(ts + level + " 1 --- " + thread + " " + pick(LOGGERS) + " : " + fill(pick(INFO)));
                return lines;
            }
            lines.add(ts + " ERROR 1 --- " + thread + " " + pick(LOGGERS) + " : Request processing failed: " + fill(pick(EXCEPTIONS)));
            int trace = rnd.nextInt(5, 41);
            int causeAt = trace >= 10 && rnd.nextBoolean() ? rnd.nextInt(3, trace - 4) : -1;
            for (int i = 0; i < trace; i++) {
                if (i == causeAt) {
                    lines.add(pick(CAUSES));
                } else if (causeAt > 0 && i == trace - 1) {
                    lines.add("\t... " + rnd.nextInt(10, 80) + " more");
                } else {
                    lines.add("\tat " + fill(pick(FRAMES)));
                }
            }
            return lines;
        }

        /** The next event's lines. */
        List<String> next() {
            lastWasApp = rnd.nextDouble() < APP_EVENT_SHARE;
            if (lastWasApp) {
                return app();
            }
            return List.of(access(null));
        }
    }

    /**
     * {@code gen --lines N --seed S --out FILE [--messages FILE] [--events FILE --host H --path P] [--access true]}: writes
     * the corpus, prints its figures as shell assignments. With {@code --access true} every event is one Apache
     * combined access line (bench/filter: the lines its grok, date and convert parse). The last event is a single access line: under any multiline
     * rule it is only known complete when its flush timeout passes, so {@code EXPECTED} (what the contest waits
     * for) is every event before it, and {@code EVENTS} all of them.
     */
    static void gen(Map<String, String> o) throws IOException {
        long lines = Long.parseLong(o.getOrDefault("lines", "300000"));
        long seed = Long.parseLong(o.getOrDefault("seed", "42"));
        Path out = Path.of(o.get("out"));
        LineGen g = new LineGen(seed);
        long written = 0;
        long bytes = 0;
        long events = 0;
        long multiline = 0;
        long appLines = 0;
        long ruleEvents = 0;
        BufferedWriter messages = o.containsKey("messages") ? Files.newBufferedWriter(Path.of(o.get("messages"))) : null;
        BufferedWriter jsonEvents = o.containsKey("events") ? Files.newBufferedWriter(Path.of(o.get("events"))) : null;
        String host = o.getOrDefault("host", "bench");
        String filePath = o.getOrDefault("path", out.toAbsolutePath().toString());
        boolean accessOnly = Boolean.parseBoolean(o.getOrDefault("access", "false"));
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            while (written < lines) {
                List<String> ev = accessOnly || written == lines - 1 ? List.of(g.access(null)) : g.next();
                if (written == lines - 1) {
                    g.lastWasApp = false;
                }
                if (written + ev.size() > lines) {
                    ev = ev.subList(0, (int) (lines - written));
                }
                long offset = bytes;
                StringBuilder msg = new StringBuilder();
                for (String l : ev) {
                    byte[] b = (l + "\n").getBytes(StandardCharsets.UTF_8);
                    os.write(b);
                    bytes += b.length;
                    if (msg.length() > 0) {
                        msg.append('\n');
                    }
                    msg.append(l);
                }
                if (g.lastWasApp) {
                    appLines += ev.size();
                }
                for (String l : ev) {
                    if (startsEvent(l)) {
                        ruleEvents++;
                    }
                }
                written += ev.size();
                events++;
                if (ev.size() > 1) {
                    multiline++;
                }
                if (messages != null) {
                    messages.write(escape(msg.toString()));
                    messages.write('\n');
                }
                if (jsonEvents != null) {
                    jsonEvents.write(wireEvent(msg.toString(), host, filePath, offset, ev.size() > 1));
                    jsonEvents.write('\n');
                }
            }
        }
        if (messages != null) {
            messages.close();
        }
        if (jsonEvents != null) {
            jsonEvents.close();
        }
        if (ruleEvents != events) {
            throw new IllegalStateException("generator and multiline rule disagree: " + events + " vs " + ruleEvents);
        }
        System.out.println("LINES=" + written);
        System.out.println("BYTES=" + bytes);
        System.out.println("EVENTS=" + events);
        System.out.println("EXPECTED=" + (events - 1));
        System.out.println("MULTILINE_EVENTS=" + multiline);
        System.out.printf(Locale.ROOT, "AVG_LINE_BYTES=%.1f%n", (double) bytes / written);
        System.out.printf(Locale.ROOT, "APP_LINE_SHARE=%.3f%n", (double) appLines / written);
    }

    /** An event as the wire contract describes it, for the Redis ceiling when logpipe's shipper did not run. */
    static String wireEvent(String message, String host, String path, long offset, boolean multiline) {
        String id = sha256Hex(host + "|" + path + "|" + offset).substring(0, 40);
        return "{\"@timestamp\":\"" + Instant.now().toString().substring(0, 23) + "Z\",\"@version\":\"1\",\"message\":"
                + jsonString(message) + ",\"host\":{\"name\":" + jsonString(host) + "},\"log\":{\"file\":{\"path\":"
                + jsonString(path) + "},\"offset\":" + offset + "},\"event\":{\"id\":\"" + id + "\"},\"type\":\"bench\""
                + (multiline ? ",\"tags\":[\"multiline\"]" : "") + "}";
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One event per line: backslash, newline and tab escaped, so messages compare line by line. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ------------------------------------------------------------------ minimal JSON reader

    /** Just enough JSON to read list elements: objects, arrays, strings, numbers, literals. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String s) {
            Json j = new Json(s);
            Object v = j.value();
            return v;
        }

        private void ws() {
            while (i < s.length() && s.charAt(i) <= ' ') {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    i++; // ':'
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",}] \n\t\r".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return s.substring(start, i);
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Object path(Object json, String... keys) {
        Object cur = json;
        for (String k : keys) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<String, Object>) cur).get(k);
        }
        return cur;
    }

    // ------------------------------------------------------------------ tiny RESP client

    static final class Redis implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Redis(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        }

        Object call(String... args) throws IOException {
            out.write(encode(Arrays.asList(args)));
            out.flush();
            return read();
        }

        long number(String... args) throws IOException {
            Object r = call(args);
            if (r instanceof Long l) {
                return l;
            }
            throw new IOException("unexpected reply to " + String.join(" ", args) + ": " + r);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                sb.append((char) c);
            }
            in.read();
            return sb.toString();
        }

        Object read() throws IOException {
            int type = in.read();
            String l = line();
            switch (type) {
                case '+':
                    return l;
                case '-':
                    throw new IOException("redis error: " + l);
                case ':':
                    return Long.parseLong(l);
                case '$': {
                    int n = Integer.parseInt(l);
                    if (n < 0) {
                        return null;
                    }
                    byte[] b = in.readNBytes(n);
                    in.read();
                    in.read();
                    return b;
                }
                case '*': {
                    int n = Integer.parseInt(l);
                    List<Object> items = new ArrayList<>(Math.max(n, 0));
                    for (int k = 0; k < n; k++) {
                        items.add(read());
                    }
                    return items;
                }
                default:
                    throw new IOException("bad reply type " + (char) type);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * The lists one queue is made of: {@code --port P --key K} (one list), or {@code --lists P1:K1,P2:K2,...} (the
     * shards of a queue on a Redis Cluster, each with the port of the primary that owns it). Sums their lengths, their
     * in-flight lists and their dead letters, each asked on its own node.
     */
    static final class Lists implements AutoCloseable {
        final List<Redis> nodes = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        private final Map<Integer, Redis> byPort = new HashMap<>();

        Lists(Map<String, String> o) throws IOException {
            String spec = o.getOrDefault("lists", o.get("port") + ":" + o.getOrDefault("key", "logstash"));
            for (String item : spec.split(",")) {
                int colon = item.indexOf(':');
                int port = Integer.parseInt(item.substring(0, colon));
                Redis r = byPort.get(port);
                if (r == null) {
                    r = new Redis(port);
                    byPort.put(port, r);
                }
                nodes.add(r);
                keys.add(item.substring(colon + 1));
            }
        }

        Redis first() {
            return nodes.get(0);
        }

        long llen() throws IOException {
            long total = 0;
            for (int i = 0; i < keys.size(); i++) {
                total += nodes.get(i).number("LLEN", keys.get(i));
            }
            return total;
        }

        /** In-flight lists of every list: {@code K:inflight:*} and the hash-tagged {@code {K}:inflight:*}. */
        long inflight() throws IOException {
            long total = 0;
            for (int i = 0; i < keys.size(); i++) {
                total += Bench.inflight(nodes.get(i), keys.get(i) + ":inflight:*");
                total += Bench.inflight(nodes.get(i), "{" + keys.get(i) + "}:inflight:*");
            }
            return total;
        }

        /** Dead letters: {@code K:dead} or {@code {K}:dead} per list (on a cluster, K:dead's slot is elsewhere: 0). */
        long dead() throws IOException {
            long total = 0;
            for (int i = 0; i < keys.size(); i++) {
                for (String dead : List.of(keys.get(i) + ":dead", "{" + keys.get(i) + "}:dead")) {
                    try {
                        total += nodes.get(i).number("LLEN", dead);
                    } catch (IOException movedOnACluster) {
                        // another node owns that slot: not this queue's dead letters
                    }
                }
            }
            return total;
        }

        @Override
        public void close() throws IOException {
            for (Redis r : byPort.values()) {
                r.close();
            }
        }
    }

    static byte[] encode(List<?> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] head = ("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        b.writeBytes(head);
        for (Object a : args) {
            byte[] v = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(v);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    // ------------------------------------------------------------------ process measurement

    static final long CLK_TCK = 100;

    /** CPU seconds (user + system) of a process and all its threads, from /proc/PID/stat. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: index 0 = state (field 3); utime = field 14, stime = field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
        } catch (IOException e) {
            return -1;
        }
    }

    /** A field of /proc/PID/status in MiB (VmHWM = peak resident set, VmRSS = current). */
    static double statusMib(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(field + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Starts the command with its output in {@code --log}. */
    static Process launch(Map<String, String> o, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(o.getOrDefault("log", "/dev/null")).toFile()));
        return pb.start();
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /**
     * {@code watch --port P --key K --expected N --events M [--timeout S] [--idle S] --log F -- command...}:
     * starts a shipper contender and polls LLEN every 10 ms. Prints shell assignments: wall seconds from
     * process start to LLEN >= N (START_S), from the first element to N (STEADY_S), CPU seconds and peak RSS
     * at that moment, the final count after the last event's flush, and the resident memory after idling.
     */
    static void watch(Map<String, String> o, List<String> cmd) throws Exception {
        long expected = Long.parseLong(o.get("expected"));
        long events = Long.parseLong(o.getOrDefault("events", Long.toString(expected)));
        long timeoutMs = Long.parseLong(o.getOrDefault("timeout", "900")) * 1000;
        long idleMs = Long.parseLong(o.getOrDefault("idle", "10")) * 1000;
        long stallNs = Long.parseLong(o.getOrDefault("stall", "60")) * 1_000_000_000L;
        try (Lists r = new Lists(o)) {
            long t0 = System.nanoTime();
            Process p = launch(o, cmd);
            long pid = p.pid();
            long first = -1;
            long done = -1;
            long n = 0;
            long lastN = -1;
            long lastChange = t0;
            double cpuFirst = -1;
            double cpu = -1;
            double hwm = -1;
            while (System.nanoTime() - t0 < timeoutMs * 1_000_000) {
                n = r.llen();
                long now = System.nanoTime();
                if (n > 0 && first < 0) {
                    first = now;
                    cpuFirst = cpuSeconds(pid);
                }
                if (n >= expected) {
                    done = now;
                    cpu = cpuSeconds(pid);
                    hwm = statusMib(pid, "VmHWM");
                    break;
                }
                if (n != lastN) {
                    lastN = n;
                    lastChange = now;
                }
                if (!p.isAlive() || now - lastChange > stallNs) {
                    System.out.println("STALLED_AT=" + n);
                    break;
                }
                Thread.sleep(10);
            }
            // The last event is flushed by each tool's own timeout; wait for it to check nothing is lost or doubled.
            long flushDeadline = System.nanoTime() + 15_000_000_000L;
            while (done > 0 && n < events && System.nanoTime() < flushDeadline) {
                Thread.sleep(50);
                n = r.llen();
            }
            long idleStart = System.nanoTime();
            Thread.sleep(Math.max(0, idleMs - (idleStart - (done > 0 ? done : idleStart)) / 1_000_000));
            double idle = statusMib(pid, "VmRSS");
            double cpuEnd = cpuSeconds(pid);
            boolean alive = p.isAlive();
            stop(p);
            System.out.println("OK=" + (done > 0 ? 1 : 0));
            System.out.println("ALIVE=" + (alive ? 1 : 0));
            System.out.printf(Locale.ROOT, "START_S=%.3f%n", done > 0 ? (done - t0) / 1e9 : -1);
            System.out.printf(Locale.ROOT, "STEADY_S=%.3f%n", done > 0 ? (done - first) / 1e9 : -1);
            System.out.printf(Locale.ROOT, "CPU_S=%.2f%n", cpu);
            System.out.printf(Locale.ROOT, "CPU_FIRST_S=%.2f%n", cpuFirst);
            System.out.printf(Locale.ROOT, "CPU_END_S=%.2f%n", cpuEnd);
            System.out.printf(Locale.ROOT, "PEAK_RSS_MIB=%.1f%n", hwm);
            System.out.printf(Locale.ROOT, "IDLE_RSS_MIB=%.1f%n", idle);
            System.out.println("FINAL_COUNT=" + r.llen());
        }
    }

    /**
     * {@code drain --port P --key K --log F [--measured STAGING --es URL --cold-index I] -- command...}: starts an
     * indexer on a preloaded
     * list and polls until the list and every {@code {K}:inflight:*} list are empty. Prints wall seconds from start
     * and from the first claimed element, CPU seconds and peak RSS.
     *
     * <p>With {@code --measured}, what K holds first is a warm-up: once the indexer has drained it (its figures are
     * printed as COLD_*), STAGING is renamed to K and that second drain is the one measured, by a process whose
     * JIT has compiled its indexing path, as Elasticsearch's has after its own warm-up pass. The warm-up's index I is
     * deleted before, so that Elasticsearch does not merge its segments during the measured drain.
     */
    static void drain(Map<String, String> o, List<String> cmd) throws Exception {
        String staging = o.get("measured");
        long timeoutMs = Long.parseLong(o.getOrDefault("timeout", "1800")) * 1000;
        long stallNs = Long.parseLong(o.getOrDefault("stall", "60")) * 1_000_000_000L;
        try (Lists r = new Lists(o)) {
            long initial = r.llen();
            long t0 = System.nanoTime();
            long deadline = t0 + timeoutMs * 1_000_000;
            Process p = launch(o, cmd);
            long[] phase = drained(r, p, initial, deadline, stallNs);
            long start = t0;
            double cpu0 = 0;
            Map<String, Long> threads0 = new TreeMap<>();
            if (staging != null && phase != null) {
                System.out.println("COLD_DRAINED=" + initial);
                System.out.printf(Locale.ROOT, "COLD_START_S=%.3f%n", (phase[1] - t0) / 1e9);
                System.out.printf(Locale.ROOT, "COLD_STEADY_S=%.3f%n", (phase[1] - phase[0]) / 1e9);
                cpu0 = cpuSeconds(p.pid());
                System.out.printf(Locale.ROOT, "COLD_CPU_S=%.2f%n", cpu0);
                HttpResponse<String> deleted = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(o.get("es") + "/" + o.get("cold-index"))).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println("COLD_INDEX_DELETED=" + deleted.statusCode());
                cpu0 = cpuSeconds(p.pid());
                threads0 = threadTicks(p.pid());
                // One staging list per list, in the same order (on a cluster: {K}:staging, in K's slot).
                String[] stagings = staging.split(",");
                initial = 0;
                for (int i = 0; i < stagings.length; i++) {
                    initial += r.nodes.get(i).number("LLEN", stagings[i]);
                }
                start = System.nanoTime();
                for (int i = 0; i < stagings.length; i++) {
                    r.nodes.get(i).call("RENAME", stagings[i], r.keys.get(i));
                }
                phase = drained(r, p, initial, deadline, stallNs);
            }
            double cpu = phase == null ? -1 : cpuSeconds(p.pid()) - cpu0;
            double hwm = phase == null ? -1 : statusMib(p.pid(), "VmHWM");
            String threads = phase == null ? "" : threadShares(threads0, threadTicks(p.pid()));
            boolean alive = p.isAlive();
            stop(p);
            System.out.println("OK=" + (phase != null ? 1 : 0));
            System.out.println("ALIVE=" + (alive ? 1 : 0));
            System.out.println("DRAINED=" + initial);
            System.out.printf(Locale.ROOT, "START_S=%.3f%n", phase != null ? (phase[1] - start) / 1e9 : -1);
            System.out.printf(Locale.ROOT, "STEADY_S=%.3f%n", phase != null ? (phase[1] - phase[0]) / 1e9 : -1);
            System.out.printf(Locale.ROOT, "CPU_S=%.2f%n", cpu);
            System.out.printf(Locale.ROOT, "PEAK_RSS_MIB=%.1f%n", hwm);
            System.out.println("DEAD=" + (o.containsKey("dead-key") ? r.first().number("LLEN", o.get("dead-key")) : r.dead()));
            System.out.println("THREADS_CPU_S=" + threads);
        }
    }

    /** CPU ticks (user + system) per thread name, digits in names replaced by N so pools add up. */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** The threads that used CPU between two snapshots, most first: "name:seconds,..." (one word for env files). */
    static String threadShares(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= 5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s:%.2f", e.getKey().replace(' ', '_'), e.getValue() / (double) CLK_TCK))
                .collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * Polls until {@code key} (which held {@code initial} elements) and its in-flight lists are empty: the time
     * of the first claim and the time it was done, or null when the process died, stalled or time ran out.
     */
    static long[] drained(Lists r, Process p, long initial, long deadline, long stallNs)
            throws Exception {
        long first = -1;
        long lastN = -1;
        long lastInflight = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long n = r.llen();
            long now = System.nanoTime();
            if (n < initial && first < 0) {
                first = now;
            }
            long inflight = n == 0 ? r.inflight() : -1;
            if (n == 0 && inflight == 0) {
                return new long[] {first < 0 ? now : first, System.nanoTime()};
            }
            if (n != lastN || inflight != lastInflight) {
                lastN = n;
                lastInflight = inflight;
                lastChange = now;
            }
            if (!p.isAlive() || now - lastChange > stallNs) {
                System.out.println("STALLED_AT=" + n);
                return null;
            }
            Thread.sleep(n == 0 ? 5 : 10);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static long inflight(Redis r, String pattern) throws IOException {
        long total = 0;
        for (Object k : (List<Object>) r.call("KEYS", pattern)) {
            total += r.number("LLEN", new String((byte[]) k, StandardCharsets.UTF_8));
        }
        return total;
    }

    // ------------------------------------------------------------------ ceilings' input

    /** {@code dump --port P --key K --out F [--limit N]}: list elements, one per line (JSON has no raw newline). */
    @SuppressWarnings("unchecked")
    static void dump(Map<String, String> o) throws Exception {
        int port = Integer.parseInt(o.get("port"));
        String key = o.getOrDefault("key", "logstash");
        long limit = Long.parseLong(o.getOrDefault("limit", Long.toString(Long.MAX_VALUE)));
        long n = 0;
        try (Redis r = new Redis(port);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(o.get("out"))), 1 << 20)) {
            long len = Math.min(limit, r.number("LLEN", key));
            for (long from = 0; from < len; from += 10_000) {
                long to = Math.min(len, from + 10_000) - 1;
                for (Object e : (List<Object>) r.call("LRANGE", key, Long.toString(from), Long.toString(to))) {
                    byte[] b = (byte[]) e;
                    for (byte c : b) {
                        if (c == '\n') {
                            throw new IOException("element with a raw newline: cannot dump one per line");
                        }
                    }
                    out.write(b);
                    out.write('\n');
                    n++;
                }
            }
        }
        System.out.println("DUMPED=" + n);
    }

    /** {@code resp --in F --out F --key K --batch 500}: pre-encoded variadic RPUSH commands for redis-cli --pipe. */
    static void resp(Map<String, String> o) throws IOException {
        int batch = Integer.parseInt(o.getOrDefault("batch", "500"));
        String key = o.getOrDefault("key", "logstash");
        long commands = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of(o.get("in")));
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(o.get("out"))), 1 << 20)) {
            List<Object> args = new ArrayList<>(batch + 2);
            String l;
            while (true) {
                l = in.readLine();
                if (l != null) {
                    if (args.isEmpty()) {
                        args.add("RPUSH");
                        args.add(key);
                    }
                    args.add(l.getBytes(StandardCharsets.UTF_8));
                }
                if (args.size() == batch + 2 || (l == null && !args.isEmpty())) {
                    out.write(encode(args));
                    commands++;
                    args.clear();
                }
                if (l == null) {
                    break;
                }
            }
        }
        System.out.println("COMMANDS=" + commands);
    }

    /**
     * {@code bulk --in F --out DIR --index NAME --batch 1000 --clients 2}: _bulk bodies with the indexer's action
     * ({@code create}, {@code _id} = {@code event.id}) and one curl config per client listing its requests.
     */
    static void bulk(Map<String, String> o) throws IOException {
        int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "2"));
        String index = o.get("index");
        String url = o.get("es") + "/_bulk?filter_path=errors";
        Path dir = Path.of(o.get("out"));
        Files.createDirectories(dir);
        List<StringBuilder> configs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            configs.add(new StringBuilder());
        }
        int files = 0;
        long docs = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of(o.get("in")))) {
            StringBuilder body = new StringBuilder(1 << 20);
            int inBody = 0;
            String l;
            while (true) {
                l = in.readLine();
                if (l != null) {
                    Object id = path(Json.parse(l), "event", "id");
                    body.append("{\"create\":{\"_index\":\"").append(index).append('"');
                    if (id != null) {
                        body.append(",\"_id\":").append(jsonString(id.toString()));
                    }
                    body.append("}}\n").append(l).append('\n');
                    inBody++;
                    docs++;
                }
                if (inBody == batch || (l == null && inBody > 0)) {
                    Path f = dir.resolve(String.format("b%06d.ndjson", files));
                    Files.writeString(f, body);
                    StringBuilder cfg = configs.get(files % clients);
                    if (cfg.length() > 0) {
                        cfg.append("next\n");
                    }
                    cfg.append("url = \"").append(url).append("\"\n")
                            .append("header = \"Content-Type: application/x-ndjson\"\n")
                            .append("data-binary = \"@").append(f.toAbsolutePath()).append("\"\n")
                            .append("silent\n");
                    files++;
                    body.setLength(0);
                    inBody = 0;
                }
                if (l == null) {
                    break;
                }
            }
        }
        for (int c = 0; c < clients; c++) {
            Files.writeString(dir.resolve("client" + c + ".curl"), configs.get(c));
        }
        System.out.println("BULK_FILES=" + files);
        System.out.println("BULK_DOCS=" + docs);
    }

    // ------------------------------------------------------------------ verification

    /**
     * {@code verify --port P --key K --messages F}: every element's {@code message} must equal the generator's
     * event at the same position (the rule joins exactly the expected lines, nothing lost, nothing doubled).
     */
    @SuppressWarnings("unchecked")
    static void verify(Map<String, String> o) throws Exception {
        int port = Integer.parseInt(o.get("port"));
        String key = o.getOrDefault("key", "logstash");
        List<String> expected = Files.readAllLines(Path.of(o.get("messages")));
        List<String> got = new ArrayList<>();
        try (Redis r = new Redis(port)) {
            for (Object e : (List<Object>) r.call("LRANGE", key, "0", "-1")) {
                String s = new String((byte[]) e, StandardCharsets.UTF_8);
                Object m = path(Json.parse(s), "message");
                got.add(m == null ? "<no message in " + s + ">" : escape(m.toString()));
            }
        }
        int mismatches = 0;
        for (int i = 0; i < Math.max(expected.size(), got.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "<none>";
            String g = i < got.size() ? got.get(i) : "<none>";
            if (!e.equals(g)) {
                if (mismatches < 3) {
                    System.err.println("event " + i + " differs:\n  expected " + e + "\n  got      " + g);
                }
                mismatches++;
            }
        }
        System.out.println("VERIFY_EXPECTED=" + expected.size() + " VERIFY_GOT=" + got.size() + " VERIFY_MISMATCHES=" + mismatches);
        if (mismatches > 0) {
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ end-to-end latency

    /**
     * {@code live --out FILE --rate 5000 --seconds 60 --warmup 5 --es URL --index PATTERN --every 25}: appends
     * corpus-like lines to FILE at the rate; every N-th access line after the warm-up carries a marker
     * {@code /latprobe/<seq>} in its path. A prober searches Elasticsearch every 50 ms for markers at or after
     * the lowest byte offset not yet seen (log.offset is the event's first byte), and records, per sample, the
     * time from the write() that put the line in the file to the response that showed it searchable.
     */
    @SuppressWarnings("unchecked")
    static void live(Map<String, String> o) throws Exception {
        Path file = Path.of(o.get("out"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "5000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int every = Integer.parseInt(o.getOrDefault("every", "25"));
        String es = o.get("es");
        String index = o.getOrDefault("index", "logstash-*");
        LineGen g = new LineGen(Long.parseLong(o.getOrDefault("seed", "7")));
        ConcurrentSkipListMap<Long, long[]> pending = new ConcurrentSkipListMap<>(); // offset -> {seq, writeMillis}
        Map<Long, Long> latencies = new TreeMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        HttpClient http = HttpClient.newHttpClient();
        long[] samples = {0};
        Thread prober = new Thread(() -> {
            try {
                long lastSeenAt = System.currentTimeMillis();
                while (writing.get() || (!pending.isEmpty() && System.currentTimeMillis() - lastSeenAt < 30_000)) {
                    Thread.sleep(50);
                    if (pending.isEmpty()) {
                        continue;
                    }
                    long from = pending.firstKey();
                    String q = "{\"size\":2000,\"_source\":[\"message\",\"log.offset\"],\"sort\":[{\"log.offset\":\"asc\"}],"
                            + "\"query\":{\"bool\":{\"filter\":[{\"match\":{\"message\":\"latprobe\"}},"
                            + "{\"range\":{\"log.offset\":{\"gte\":" + from + "}}}]}}}";
                    HttpResponse<String> resp;
                    try {
                        resp = http.send(HttpRequest.newBuilder(URI.create(es + "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(q)).build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    if (resp.statusCode() != 200) {
                        continue;
                    }
                    List<Object> hits = (List<Object>) path(Json.parse(resp.body()), "hits", "hits");
                    for (Object h : hits) {
                        Object off = path(h, "_source", "log", "offset");
                        if (off == null) {
                            off = path(h, "_source", "log.offset");
                        }
                        if (off == null) {
                            continue;
                        }
                        long[] s = pending.remove(Long.parseLong(off.toString()));
                        if (s != null) {
                            synchronized (latencies) {
                                latencies.put(s[0], now - s[1]);
                            }
                            lastSeenAt = now;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        prober.setDaemon(true);
        prober.start();
        long written = 0;
        long offset = Files.exists(file) ? Files.size(file) : 0;
        long seq = 0;
        long accessCount = 0;
        try (OutputStream os = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            long start = System.nanoTime();
            long total = (long) rate * (warmup + seconds);
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 16);
            List<long[]> chunkSamples = new ArrayList<>();
            while (written < total) {
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                chunk.reset();
                chunkSamples.clear();
                while (written < due) {
                    List<String> ev;
                    boolean measuring = written >= (long) rate * warmup && written < total - 10;
                    if (g.rnd.nextDouble() < LineGen.APP_EVENT_SHARE) {
                        ev = g.app();
                    } else {
                        accessCount++;
                        if (measuring && accessCount % every == 0) {
                            seq++;
                            ev = List.of(g.access(Long.toString(seq)));
                            chunkSamples.add(new long[] {offset + chunk.size(), seq});
                        } else {
                            ev = List.of(g.access(null));
                        }
                    }
                    for (String l : ev) {
                        chunk.writeBytes((l + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    written += ev.size();
                }
                if (chunk.size() > 0) {
                    long now = System.currentTimeMillis();
                    for (long[] s : chunkSamples) {
                        pending.put(s[0], new long[] {s[1], now});
                    }
                    chunk.writeTo(os);
                    os.flush();
                    offset += chunk.size();
                    samples[0] += chunkSamples.size();
                }
                Thread.sleep(1);
            }
            // one closing line, so that the last sample's event is complete without waiting for a flush timeout
            os.write((g.access(null) + "\n").getBytes(StandardCharsets.UTF_8));
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "LIVE_LINES=%d%nLIVE_RATE=%.0f%n", written + 1, written / secs);
        }
        writing.set(false);
        prober.join();
        List<Long> l;
        synchronized (latencies) {
            l = new ArrayList<>(latencies.values());
        }
        l.sort(null);
        System.out.println("LIVE_SAMPLES=" + samples[0]);
        System.out.println("LIVE_SEEN=" + l.size());
        System.out.println("LIVE_UNSEEN=" + (samples[0] - l.size()));
        System.out.println("LATENCY_P50_MS=" + pct(l, 50));
        System.out.println("LATENCY_P90_MS=" + pct(l, 90));
        System.out.println("LATENCY_P99_MS=" + pct(l, 99));
        System.out.println("LATENCY_MAX_MS=" + (l.isEmpty() ? -1 : l.get(l.size() - 1)));
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    /** {@code stats --values "1 2 3"}: the median (for the report's median over runs). */
    static void stats(Map<String, String> o) {
        double[] v = Arrays.stream(o.get("values").trim().split("\\s+")).mapToDouble(Double::parseDouble).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        if (median == Math.rint(median) && Math.abs(median) < 1e15) {
            System.out.println((long) median);
        } else {
            System.out.printf(Locale.ROOT, "%.2f%n", median);
        }
    }

    /**
     * {@code jfrtop --in F [--top N]}: reads {@code jfr print --stack-depth 64 --events jdk.ExecutionSample} output and
     * prints the methods on top of the stack (self share), the methods anywhere on the stack (total share, once per
     * sample) and the threads, each with its share of all samples.
     */
    static void jfrtop(Map<String, String> o) throws IOException {
        int top = Integer.parseInt(o.getOrDefault("top", "25"));
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Map<String, Integer>> selfByThread = new HashMap<>();
        String thread = "?";
        int samples = 0;
        boolean inStack = false;
        boolean first = false;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String raw : Files.readAllLines(Path.of(o.get("in")))) {
            String l = raw.trim();
            if (l.startsWith("sampledThread = ")) {
                String t = l.substring("sampledThread = ".length()).replaceAll(" \\(javaThreadId.*", "").replaceAll("\"", "")
                        .replaceAll("[0-9]+", "N");
                threads.merge(t, 1, Integer::sum);
                thread = t;
            } else if (l.startsWith("stackTrace = [")) {
                inStack = true;
                first = true;
                seen.clear();
                samples++;
            } else if (inStack && l.equals("]")) {
                inStack = false;
            } else if (inStack && !l.equals("...")) {
                String m = l.replaceAll("\\s+line:.*$", "");
                m = m.replaceAll("\\(.*\\)$", "");
                if (first) {
                    self.merge(m, 1, Integer::sum);
                    selfByThread.computeIfAbsent(thread, k -> new HashMap<>()).merge(m, 1, Integer::sum);
                    first = false;
                }
                if (seen.add(m)) {
                    total.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.println(samples + " execution samples");
        for (var e : List.of(Map.entry("top of stack (self)", self), Map.entry("anywhere on the stack (total)", total),
                Map.entry("threads", threads))) {
            System.out.println("-- " + e.getKey());
            final int n = samples;
            e.getValue().entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                    .forEach(x -> System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * x.getValue() / Math.max(1, n), x.getKey()));
        }
        threads.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(3).forEach(t -> {
            System.out.println("-- top of stack in thread " + t.getKey() + " (share of that thread's samples)");
            selfByThread.getOrDefault(t.getKey(), Map.of()).entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .limit(12).forEach(x -> System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * x.getValue() / t.getValue(), x.getKey()));
        });
    }
}
