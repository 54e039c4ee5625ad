package io.logpipe.shipper.pipelinefile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.ConfigValues;
import io.logpipe.common.lscl.Location;
import io.logpipe.common.lscl.Options;
import io.logpipe.common.lscl.Substitution;
import io.logpipe.shipper.event.Decoration;
import io.logpipe.shipper.multiline.MultilinePattern;

/**
 * A Logstash shipper pipeline file as the shipper's properties: what the file's {@code input} and {@code output}
 * sections say, with Logstash's semantics, as the {@code shipper.*} and {@code quarkus.redis.*} properties that do
 * the same. Pure: the syntax tree in, a map out (values written for SmallRye Config, see {@link ConfigValues}), or a
 * {@link ConfigException} at the line and column of the first thing logpipe does not do, saying what it does instead.
 *
 * <p>Inputs: {@code file} (each one {@code shipper.inputs.<id, or file, file_2...>.*}) and {@code stdin}. Outputs:
 * one {@code redis} (required: the shipper always ships to Redis) and at most one {@code stdout} (the debug output).
 * A {@code filter} block with anything in it is refused: logpipe runs filters in the indexer.
 */
public final class PipelineMapping {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    /** Logstash's bytes: a number, optionally a unit (SI k, M... base 1000; binary Ki, Mi... base 1024) and B. */
    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgtpezy])(i)?)?b?",
            Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtpezy";

    private final Path baseDir;
    private final String fileName;
    private final Map<String, String> properties = new LinkedHashMap<>();
    /** Plugin ids seen (Logstash refuses two plugins with one id). */
    private final Map<String, Location> ids = new LinkedHashMap<>();
    /** The names of the file inputs: their ids, and the names given to those without one. */
    private final Set<String> inputNames = new HashSet<>();
    private int autoNames;
    private String sincedbPath;
    private Location sincedbAt;
    private Location stdinAt;
    private Location redisAt;
    private Location stdoutAt;

    private PipelineMapping(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        this.baseDir = parent == null ? Path.of(".") : parent;
        this.fileName = file.toString();
    }

    /**
     * The properties a parsed pipeline file stands for.
     *
     * @param file the file (named in messages when the file has no section to point at)
     * @param environment Logstash's {@code ${VAR}} references: the variable's value, or null when it is not set
     */
    public static Map<String, String> properties(Ast.Pipeline pipeline, Path file, Function<String, String> environment) {
        PipelineMapping m = new PipelineMapping(file);
        m.map(Substitution.apply(pipeline, environment));
        return m.properties;
    }

    private void map(Ast.Pipeline pipeline) {
        // Inputs without an id are named file, file_2...: never a name an id takes, even one given later in the file.
        for (Ast.Section section : pipeline.sections("input")) {
            for (Ast.Statement s : section.body()) {
                if (s instanceof Ast.Plugin p && p.name().equals("file")) {
                    p.attribute("id").map(a -> scalarText(a.value())).ifPresent(inputNames::add);
                }
            }
        }
        for (Ast.Section section : pipeline.sections()) {
            switch (section.kind()) {
                case "filter" -> {
                    if (!section.body().isEmpty()) {
                        throw new ConfigException(section.location(), "filter blocks do not run in the shipper: logpipe"
                                + " runs filters in the indexer. Move this block to the indexer's pipeline file"
                                + " (indexer.config) or to its filter file (indexer.filter.path)");
                    }
                }
                case "input" -> {
                    for (Ast.Plugin p : plugins(section, "input")) {
                        id(p);
                        switch (p.name()) {
                            case "file" -> file(p, inputName(p));
                            case "stdin" -> stdin(p);
                            default -> throw new ConfigException(p.location(), "input plugin " + p.name()
                                    + " is not supported by logpipe's shipper" + inputHint(p.name())
                                    + "; it reads log files (file) and standard input (stdin)");
                        }
                    }
                }
                case "output" -> {
                    for (Ast.Plugin p : plugins(section, "output")) {
                        id(p);
                        switch (p.name()) {
                            case "redis" -> redis(p);
                            case "stdout" -> stdout(p);
                            default -> throw new ConfigException(p.location(), "output plugin " + p.name()
                                    + " is not supported by logpipe's shipper: it ships events to Redis (redis), the"
                                    + " broker the logpipe indexer reads, and prints them for debugging (stdout)");
                        }
                    }
                }
                default -> throw new ConfigException(section.location(), "unknown section " + section.kind());
            }
        }
        if (redisAt == null) {
            Location at = pipeline.sections().isEmpty() ? new Location(fileName, 1, 1)
                    : pipeline.sections(("output")).stream().findFirst().orElse(pipeline.sections().get(0)).location();
            throw new ConfigException(at, "the shipper's file has no redis output: logpipe's shipper ships every"
                    + " event to Redis; add output { redis { host => \"...\" data_type => \"list\" key => \"logstash\" } }");
        }
    }

    /** The file input's id, else the first of file, file_2... that no id takes. */
    private String inputName(Ast.Plugin file) {
        Optional<String> id = file.attribute("id").map(a -> scalarText(a.value()));
        if (id.isPresent()) {
            return id.get();
        }
        String name;
        do {
            autoNames++;
            name = autoNames == 1 ? "file" : "file_" + autoNames;
        } while (inputNames.contains(name));
        inputNames.add(name);
        return name;
    }

    private static List<Ast.Plugin> plugins(Ast.Section section, String kind) {
        List<Ast.Plugin> plugins = new ArrayList<>();
        for (Ast.Statement s : section.body()) {
            if (s instanceof Ast.Plugin p) {
                plugins.add(p);
            } else {
                throw new ConfigException(s.location(), "conditionals in the shipper's " + kind + " section are not"
                        + " supported: every event goes to every output of the shipper (route events in the indexer's"
                        + " filters)");
            }
        }
        return plugins;
    }

    private static String inputHint(String name) {
        return switch (name) {
            case "beats" -> " (logpipe's shipper takes the place of Filebeat: point a file input at the logs)";
            case "redis" -> " (reading Redis is the indexer's job: put this input in the indexer's file)";
            default -> "";
        };
    }

    /** Checks the plugin's {@code id}: used once in the file; a file input's names the input, so it is a word. */
    private void id(Ast.Plugin p) {
        Optional<Ast.Attribute> id = p.attribute("id");
        if (id.isEmpty()) {
            return;
        }
        Ast.Value v = id.get().value();
        String text = scalarText(v);
        if (text == null) {
            throw new ConfigException(v.location(), p.name() + ": id must be a string, not " + v.kind());
        }
        if (p.name().equals("file") && !ID.matcher(text).matches()) {
            throw new ConfigException(v.location(), p.name() + ": id " + text + " cannot name a logpipe input: use"
                    + " letters, digits, - and _ (the input's properties are shipper.inputs.<id>.*)");
        }
        Location earlier = ids.putIfAbsent(text, v.location());
        if (earlier != null) {
            throw new ConfigException(v.location(), p.name() + ": id " + text + " is already used at line "
                    + earlier.line() + " (ids must be unique, as in Logstash)");
        }
    }

    private static String scalarText(Ast.Value v) {
        if (v instanceof Ast.Str s) {
            return s.text();
        }
        if (v instanceof Ast.Bareword b) {
            return b.text();
        }
        if (v instanceof Ast.Num n) {
            return n.text();
        }
        return null;
    }

    // ---- inputs

    private void file(Ast.Plugin plugin, String name) {
        Options o = new Options(plugin, baseDir);
        String prefix = "shipper.inputs." + name + ".";
        readLogstashOnly(o);
        ecsCompatibility(o);
        if (!o.has("path")) {
            throw o.error("path", "path is required: the files to read (a glob or an array of globs, absolute)");
        }
        List<String> paths = o.strings("path");
        if (paths.isEmpty()) {
            throw o.error("path", "path is empty");
        }
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw o.error("path", "path must be absolute, as in Logstash: " + path);
            }
        }
        put(prefix + "paths", ConfigValues.list(paths));
        List<String> exclude = o.strings("exclude");
        if (!exclude.isEmpty()) {
            put(prefix + "exclude", ConfigValues.list(exclude));
        }
        String start = o.choice("start_position", null, "beginning", "end");
        if (start != null) {
            put(prefix + "start-position", start);
        }
        o.string("sincedb_path").ifPresent(path -> sincedb(o, path));
        decoration(o, prefix);
        Ast.Plugin codec = codec(o, "plain");
        switch (codec.name()) {
            case "plain", "line" -> lineCodec(codec);
            case "multiline" -> multiline(codec, prefix + "multiline.");
            default -> throw new ConfigException(codec.location(), "file: codec " + codec.name() + " is not supported:"
                    + " the shipper reads files as UTF-8 lines, one event per line (plain, line) or joined (multiline);"
                    + " parse the message in the indexer's filters (json, kv, grok...)");
        }
        o.finish();
    }

    private void stdin(Ast.Plugin plugin) {
        if (stdinAt != null) {
            throw new ConfigException(plugin.location(), "stdin: standard input is already read by the stdin input at"
                    + " line " + stdinAt.line());
        }
        stdinAt = plugin.location();
        Options o = new Options(plugin, baseDir);
        readLogstashOnly(o);
        ecsCompatibility(o);
        put("shipper.stdin.enabled", "true");
        decoration(o, "shipper.stdin.");
        Ast.Plugin codec = codec(o, "line");
        switch (codec.name()) {
            case "plain", "line" -> lineCodec(codec);
            default -> throw new ConfigException(codec.location(), "stdin: codec " + codec.name() + " is not"
                    + " supported: the shipper reads standard input as UTF-8 lines, one event per line (line, plain)");
        }
        o.finish();
    }

    /** {@code type}, {@code tags}, {@code add_field}: what Logstash's inputs add to each event. */
    private void decoration(Options o, String prefix) {
        o.string("type").ifPresent(type -> put(prefix + "type", ConfigValues.scalar(type)));
        List<String> tags = o.strings("tags");
        if (!tags.isEmpty()) {
            put(prefix + "tags", ConfigValues.list(tags));
        }
        for (Map.Entry<String, String> field : o.stringMap("add_field").entrySet()) {
            String key = field.getKey();
            if (key.contains("%{") || field.getValue().contains("%{")) {
                throw o.error("add_field", "add_field " + key + ": %{field} references are not supported in the"
                        + " shipper, which adds fixed values (a mutate filter in the indexer can add fields from others)");
            }
            if (key.startsWith("[") && key.endsWith("]") && key.indexOf('[', 1) < 0) {
                key = key.substring(1, key.length() - 1);
            }
            if (key.isEmpty() || key.contains("[") || key.contains("]") || key.contains("\"")) {
                throw o.error("add_field", "add_field " + field.getKey() + ": the shipper adds fields at the event's"
                        + " root only (a name without [ ] or quotes); nested fields can be added in the indexer's filters");
            }
            if (Decoration.WRITTEN_FIELDS.contains(key)) {
                throw o.error("add_field", "add_field " + key + ": the shipper writes " + key + " itself"
                        + (key.equals("type") || key.equals("tags") ? "; use the " + key + " option" : "")
                        + " (Logstash would turn it into an array)");
            }
            put(prefix + "add-field." + (key.contains(".") ? "\"" + key + "\"" : key), ConfigValues.scalar(field.getValue()));
        }
    }

    private void sincedb(Options o, String path) {
        if (path.equals("/dev/null")) {
            throw o.error("sincedb_path", "sincedb_path /dev/null (forget offsets) is not supported: logpipe always keeps"
                    + " a registry of acknowledged offsets, so nothing is lost or shipped twice across restarts. To read"
                    + " files again from the beginning, delete the registry file (shipper.registry.path)");
        }
        if (sincedbPath != null && !sincedbPath.equals(path)) {
            throw o.error("sincedb_path", "sincedb_path " + path + " differs from " + sincedbPath + " at line "
                    + sincedbAt.line() + ": logpipe keeps one registry of offsets for all of the shipper's inputs"
                    + " (shipper.registry.path); give every file input the same sincedb_path, or one of them only");
        }
        sincedbPath = path;
        sincedbAt = o.value("sincedb_path").orElseThrow().location();
        put("shipper.registry.path", ConfigValues.scalar(path));
    }

    /** The codec option: a plugin, or a name (then a plugin without options). */
    private static Ast.Plugin codec(Options o, String defaultName) {
        Optional<Ast.Value> value = o.value("codec");
        if (value.isEmpty()) {
            return new Ast.Plugin(defaultName, List.of(), o.location());
        }
        Ast.Value v = value.get();
        if (v instanceof Ast.PluginValue p) {
            return p.plugin();
        }
        String name = scalarText(v);
        if (name == null) {
            throw o.error(v, "codec must be a codec name or a codec { ... }, not " + v.kind());
        }
        return new Ast.Plugin(name, List.of(), v.location());
    }

    private void lineCodec(Ast.Plugin codec) {
        Options c = new Options(codec, baseDir);
        utf8(c);
        if (codec.name().equals("line")) {
            String delimiter = c.string("delimiter", "\n");
            if (!delimiter.equals("\n")) {
                throw c.error("delimiter", "delimiter must be a line break: the shipper splits lines on \\n");
            }
        }
        c.finish();
    }

    private void multiline(Ast.Plugin codec, String prefix) {
        Options c = new Options(codec, baseDir);
        utf8(c);
        if (!c.has("pattern")) {
            throw c.error("pattern", "pattern is required: the regular expression a line is matched against");
        }
        String pattern = c.string("pattern").orElseThrow();
        Matcher grok = Pattern.compile("%\\{[A-Za-z0-9_]+(?::[^}]*)?}").matcher(pattern);
        if (grok.find()) {
            throw c.error("pattern", "pattern: grok references such as " + grok.group() + " are not supported by the"
                    + " shipper's multiline codec; write the regular expression they stand for");
        }
        try {
            MultilinePattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw c.error("pattern", "pattern is not a valid regular expression: " + e.getDescription());
        }
        // As written: the pattern is read without expression expansion (config.LiteralPatternInterceptor).
        put(prefix + "pattern", pattern);
        if (!c.has("what")) {
            throw c.error("what", "what is required: previous (a matching line joins the event before it) or next (it"
                    + " joins the line after it)");
        }
        put(prefix + "what", c.choice("what", null, "previous", "next"));
        if (c.has("negate")) {
            put(prefix + "negate", Boolean.toString(c.bool("negate", false)));
        }
        if (c.has("max_lines")) {
            long maxLines = c.integer("max_lines", 500);
            if (maxLines < 1 || maxLines > Integer.MAX_VALUE) {
                throw c.error("max_lines", "max_lines must be at least 1");
            }
            put(prefix + "max-lines", Long.toString(maxLines));
        }
        c.value("max_bytes").ifPresent(v -> put(prefix + "max-bytes", Long.toString(bytes(c, v))));
        if (c.has("auto_flush_interval")) {
            double seconds = c.number("auto_flush_interval", 0);
            put(prefix + "flush-interval", millis(c, "auto_flush_interval", seconds, false));
        }
        String tag = c.string("multiline_tag", "multiline");
        if (!tag.equals("multiline")) {
            throw c.error("multiline_tag", "multiline_tag: the shipper tags events of several lines multiline"
                    + " (a mutate filter in the indexer can rename the tag)");
        }
        c.finish();
    }

    // ---- outputs

    private void redis(Ast.Plugin plugin) {
        if (redisAt != null) {
            throw new ConfigException(plugin.location(), "redis: the shipper has one Redis output, already given at line "
                    + redisAt.line());
        }
        redisAt = plugin.location();
        Options o = new Options(plugin, baseDir);
        readLogstashOnly(o);
        o.integer("workers", 1);
        // Connection tuning of Logstash's client: logpipe reconnects with capped exponential backoff, waiting as long
        // as Redis takes to come back, and connects to one host.
        o.number("reconnect_interval", 1);
        o.number("timeout", 5);
        o.bool("shuffle_hosts", true);

        List<String> hosts = o.has("host") ? o.strings("host") : List.of("127.0.0.1");
        if (hosts.size() != 1) {
            throw o.error("host", "host: logpipe's shipper connects to one Redis (Logstash would pick one of "
                    + hosts.size() + " hosts at random and fail over to another). Give one host; for a replicated Redis"
                    + " use Sentinel or Cluster through quarkus.redis.client-type and quarkus.redis.hosts");
        }
        long port = o.integer("port", 6379);
        if (port < 1 || port > 65535) {
            throw o.error("port", "port must be between 1 and 65535, not " + port);
        }
        String host = hosts.get(0).trim();
        String hostPart = host;
        long hostPort = port;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw o.error("host", "host " + host + " is not a host name, address or host:port");
            }
            hostPart = host.substring(0, close + 1);
            if (close + 1 < host.length()) {
                if (host.charAt(close + 1) != ':') {
                    throw o.error("host", "host " + host + " is not a host name, address or host:port");
                }
                hostPort = port(o, host, host.substring(close + 2));
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            hostPart = host.substring(0, host.indexOf(':'));
            hostPort = port(o, host, host.substring(host.indexOf(':') + 1));
        } else if (host.indexOf(':') >= 0) {
            hostPart = "[" + host + "]";
        }
        if (hostPart.isEmpty() || hostPart.contains("/") || hostPart.contains("@") || hostPart.contains(" ")) {
            throw o.error("host", "host " + host + " is not a host name, address or host:port");
        }
        long db = o.integer("db", 0);
        if (db < 0) {
            throw o.error("db", "db must be 0 or more, not " + db);
        }
        boolean tls = o.bool("ssl_enabled", false);
        if (o.has("ssl")) {
            if (o.has("ssl_enabled")) {
                throw o.error("ssl", "ssl is the old name of ssl_enabled: give one of them");
            }
            tls = o.bool("ssl", false);
        }
        put("quarkus.redis.hosts", ConfigValues.scalar((tls ? "rediss://" : "redis://") + hostPart + ":" + hostPort
                + (db != 0 ? "/" + db : "")));
        o.string("password").ifPresent(p -> put("quarkus.redis.password", ConfigValues.scalar(p)));

        if (!o.has("data_type")) {
            throw o.error("data_type", "data_type is required, as in Logstash: list (RPUSH to key) or channel (PUBLISH)");
        }
        String dataType = o.choice("data_type", null, "list", "channel");
        put("shipper.redis.data-type", dataType);
        if (!o.has("key")) {
            throw o.error("key", "key is required, as in Logstash: the list or channel name (logstash)");
        }
        String key = o.string("key").orElseThrow();
        if (key.contains("%{")) {
            throw o.error("key", "key: %{field} references are not supported: the shipper writes every event to one"
                    + " list or channel (the indexer chooses index names from the event's fields)");
        }
        if (key.isEmpty()) {
            throw o.error("key", "key is empty");
        }
        put("shipper.redis.key", ConfigValues.scalar(key));

        boolean batch = o.bool("batch", false);
        long batchEvents = o.integer("batch_events", 50);
        double batchTimeout = o.number("batch_timeout", 5);
        if (batch) {
            if (dataType.equals("channel")) {
                throw o.error("batch", "batch is only supported for data_type list, as in Logstash");
            }
            if (batchEvents < 1 || batchEvents > Integer.MAX_VALUE) {
                throw o.error("batch_events", "batch_events must be at least 1");
            }
            put("shipper.redis.batch-size", Long.toString(batchEvents));
            put("shipper.redis.batch-linger", millis(o, "batch_timeout", batchTimeout, true));
        }
        // batch => false (Logstash's default: one RPUSH per event) keeps the shipper's batching: the list receives the
        // same elements in the same order, a batch waits at most batch-linger (50 ms) for more.
        if (o.has("congestion_threshold")) {
            long threshold = o.integer("congestion_threshold", 0);
            if (threshold < 0) {
                throw o.error("congestion_threshold", "congestion_threshold must be 0 (off) or more");
            }
            put("shipper.redis.congestion-threshold", Long.toString(threshold));
        }
        if (o.has("congestion_interval")) {
            put("shipper.redis.congestion-interval",
                    millis(o, "congestion_interval", o.number("congestion_interval", 1), true));
        }
        Ast.Plugin codec = codec(o, "json");
        if (!codec.name().equals("json")) {
            throw new ConfigException(codec.location(), "redis: codec " + codec.name() + " is not supported: the"
                    + " shipper writes each event to Redis as one JSON document (codec json, Logstash's default here)");
        }
        Options c = new Options(codec, baseDir);
        utf8(c);
        c.finish();
        o.finish();
    }

    private static long port(Options o, String host, String port) {
        try {
            long p = Long.parseLong(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw o.error("host", "host " + host + ": the port must be a number between 1 and 65535");
    }

    private void stdout(Ast.Plugin plugin) {
        if (stdoutAt != null) {
            throw new ConfigException(plugin.location(), "stdout: the shipper prints events once; a stdout output is"
                    + " already given at line " + stdoutAt.line());
        }
        stdoutAt = plugin.location();
        Options o = new Options(plugin, baseDir);
        readLogstashOnly(o);
        o.integer("workers", 1);
        Ast.Plugin codec = codec(o, "rubydebug");
        Options c = new Options(codec, baseDir);
        String format = switch (codec.name()) {
            case "rubydebug" -> {
                // Shipper events carry no @metadata: printed with it or without, they look the same.
                c.bool("metadata", false);
                yield "rubydebug";
            }
            case "json_lines" -> {
                utf8(c);
                String delimiter = c.string("delimiter", "\n");
                if (!delimiter.equals("\n")) {
                    throw c.error("delimiter", "delimiter must be a line break: the shipper prints one event per line");
                }
                yield "json-lines";
            }
            case "json" -> throw new ConfigException(codec.location(), "stdout: codec json prints events with nothing"
                    + " between them; use json_lines (one JSON object per line) or rubydebug");
            default -> throw new ConfigException(codec.location(), "stdout: codec " + codec.name() + " is not"
                    + " supported: the shipper prints events as rubydebug (the default) or json_lines");
        };
        c.finish();
        o.finish();
        put("shipper.debug-output", "true");
        put("shipper.debug-format", format);
    }

    // ---- option helpers

    /** {@code id} (checked by {@link #id}) and {@code enable_metric}: every plugin has them; they tune Logstash. */
    private static void readLogstashOnly(Options o) {
        o.string("id");
        o.bool("enable_metric", true);
    }

    /** Inputs' {@code ecs_compatibility}: logpipe writes ECS names ({@code host.name}, {@code log.file.path}). */
    private static void ecsCompatibility(Options o) {
        String ecs = o.choice("ecs_compatibility", "v8", "disabled", "v1", "v8");
        if (ecs.equals("disabled")) {
            throw o.error("ecs_compatibility", "ecs_compatibility => disabled is not supported: the shipper writes ECS"
                    + " field names (host.name, log.file.path, log.offset) as Logstash 8 does");
        }
    }

    /** A codec's {@code charset}: logpipe reads and writes UTF-8 only. */
    private static void utf8(Options c) {
        String charset = c.string("charset", "UTF-8");
        if (!charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("UTF8")) {
            throw c.error("charset", "charset " + charset + " is not supported: the shipper reads text as UTF-8"
                    + " (invalid bytes become U+FFFD)");
        }
    }

    /** Logstash's {@code bytes}: "10 MiB", "100kb", "1024", or a number. */
    private static long bytes(Options c, Ast.Value v) {
        String text = scalarText(v);
        Matcher m = text == null ? null : BYTES.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw c.error(v, "max_bytes must be a size such as \"10 MiB\", \"512kB\" or 1048576, not "
                    + (text == null ? v.kind() : text));
        }
        BigDecimal n = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            int power = UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
            n = n.multiply(BigDecimal.valueOf(m.group(3) != null ? 1024 : 1000).pow(power));
        }
        long bytes;
        try {
            bytes = n.setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (ArithmeticException e) {
            throw c.error(v, "max_bytes " + text + " is too large");
        }
        if (bytes < 1) {
            throw c.error(v, "max_bytes must be at least 1 byte");
        }
        return bytes;
    }

    /** Seconds (Logstash's unit for intervals) as a duration property in milliseconds. */
    private static String millis(Options o, String name, double seconds, boolean zeroAllowed) {
        if (Double.isNaN(seconds) || seconds < 0 || (!zeroAllowed && seconds == 0) || seconds > 1e9) {
            throw o.error(name, name + " must be a number of seconds" + (zeroAllowed ? " (0 or more)" : " above 0")
                    + ", not " + seconds);
        }
        long ms = Math.round(seconds * 1000);
        if (!zeroAllowed && ms == 0) {
            throw o.error(name, name + " must be at least 0.001 (seconds)");
        }
        return ms + "ms";
    }

    private void put(String name, String value) {
        properties.put(name, value);
    }
}
