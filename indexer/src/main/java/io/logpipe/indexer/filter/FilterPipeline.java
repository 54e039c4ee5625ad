package io.logpipe.indexer.filter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.common.lscl.Options;
import io.logpipe.common.lscl.Substitution;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A {@code filter { }} block compiled into a tree of plugin instances and conditionals, as Logstash compiles it:
 * plugins validated and built once at start-up, one tree per process shared by all workers.
 *
 * <p>An exception inside a plugin never loses the event: it is tagged {@code _filter_error}, the plugin's id and
 * the error are appended to its {@code _filter_errors} field, and it goes on to the next filter and to
 * Elasticsearch. Such errors are logged at most once a minute per plugin.
 */
public final class FilterPipeline {
    public static final String TAG_FILTER_ERROR = "_filter_error";
    private static final Logger LOG = Logger.getLogger(FilterPipeline.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private sealed interface Node permits PluginNode, IfNode {
        void run(Event event);
    }

    private final List<Node> nodes;
    private final List<FilterStats> stats;

    private FilterPipeline(List<Node> nodes, List<FilterStats> stats) {
        this.nodes = nodes;
        this.stats = stats;
    }

    /**
     * Reads the file of {@code indexer.filter.path}: {@code filter { }} blocks only (several are run in order).
     * @throws ConfigException with the file, line and column of the first problem
     */
    public static FilterPipeline load(Path file) {
        Ast.Pipeline pipeline = Substitution.apply(LsclParser.parse(file), System::getenv);
        for (Ast.Section section : pipeline.sections()) {
            if (!section.kind().equals("filter")) {
                throw new ConfigException(section.location(), "indexer.filter.path holds filter { } blocks only, not "
                        + section.kind() + " { }");
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        return compile(pipeline, dir);
    }

    /** Compiles the filter sections of a parsed file; relative paths in options resolve against {@code baseDir}. */
    public static FilterPipeline compile(Ast.Pipeline pipeline, Path baseDir) {
        return compile(pipeline, baseDir, Plugins.FILTERS);
    }

    /** The same with another set of plugins (the language's tests use plugins of their own). */
    static FilterPipeline compile(Ast.Pipeline pipeline, Path baseDir, Map<String, Function<Options, Filter>> plugins) {
        Compiler compiler = new Compiler(baseDir, plugins);
        List<Node> nodes = new ArrayList<>();
        for (Ast.Section section : pipeline.sections("filter")) {
            nodes.addAll(compiler.statements(section.body()));
        }
        return new FilterPipeline(List.copyOf(nodes), List.copyOf(compiler.stats));
    }

    /** This pipeline with {@code first} ahead of its filters (an input's decoration); it counts as plugin {@code id}. */
    public FilterPipeline prepend(String id, Filter first) {
        FilterStats s = new FilterStats(id, id);
        List<Node> all = new ArrayList<>(nodes.size() + 1);
        all.add(new PluginNode(first, null, s));
        all.addAll(nodes);
        List<FilterStats> allStats = new ArrayList<>(stats.size() + 1);
        allStats.add(s);
        allStats.addAll(stats);
        return new FilterPipeline(List.copyOf(all), List.copyOf(allStats));
    }

    /** A pipeline with no filters (to {@link #prepend} to). */
    public static FilterPipeline empty() {
        return new FilterPipeline(List.of(), List.of());
    }

    /** Runs the filters over one event; it may come out {@link Event#cancelled()} (dropped). */
    public void run(Event event) {
        run(nodes, event);
    }

    /** Every plugin's counts, in file order. */
    public List<FilterStats> stats() {
        return stats;
    }

    public void register(MeterRegistry registry) {
        stats.forEach(s -> s.register(registry));
    }

    private static void run(List<Node> nodes, Event event) {
        for (Node node : nodes) {
            if (event.cancelled()) {
                return;
            }
            node.run(event);
        }
    }

    private static final class Compiler {
        private final Path baseDir;
        private final Map<String, Function<Options, Filter>> plugins;
        private final List<FilterStats> stats = new ArrayList<>();
        private final Map<String, Integer> counts = new HashMap<>();
        private final Set<String> ids = new HashSet<>();

        Compiler(Path baseDir, Map<String, Function<Options, Filter>> plugins) {
            this.baseDir = baseDir;
            this.plugins = plugins;
        }

        List<Node> statements(List<Ast.Statement> statements) {
            List<Node> nodes = new ArrayList<>(statements.size());
            for (Ast.Statement statement : statements) {
                nodes.add(statement instanceof Ast.Plugin p ? plugin(p) : conditional((Ast.If) statement));
            }
            return List.copyOf(nodes);
        }

        private Node conditional(Ast.If statement) {
            int n = statement.branches().size();
            Conditions.Condition[] conditions = new Conditions.Condition[n];
            List<List<Node>> bodies = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Ast.Branch branch = statement.branches().get(i);
                conditions[i] = Conditions.compile(branch.condition());
                bodies.add(statements(branch.body()));
            }
            return new IfNode(conditions, bodies, statements(statement.otherwise()));
        }

        private Node plugin(Ast.Plugin plugin) {
            Function<Options, Filter> factory = plugins.get(plugin.name());
            if (factory == null) {
                throw new ConfigException(plugin.location(), "logpipe has no filter plugin " + plugin.name()
                        + "; supported: " + String.join(", ", new TreeSet<>(plugins.keySet())));
            }
            Options options = new Options(plugin, baseDir);
            int n = counts.merge(plugin.name(), 1, Integer::sum);
            CommonOptions common = new CommonOptions(options, plugin.name() + "_" + n);
            if (!ids.add(common.id())) {
                throw options.error("id", "the id " + common.id() + " is used by another plugin");
            }
            Filter filter = factory.apply(options);
            options.finish();
            FilterStats s = new FilterStats(common.id(), plugin.name());
            stats.add(s);
            return new PluginNode(filter, common.any() ? common : null, s);
        }
    }

    private static final class PluginNode implements Node {
        private final Filter filter;
        private final CommonOptions common;
        private final FilterStats stats;
        private volatile long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;

        PluginNode(Filter filter, CommonOptions common, FilterStats stats) {
            this.filter = filter;
            this.common = common;
            this.stats = stats;
        }

        @Override
        public void run(Event event) {
            long start = System.nanoTime();
            stats.in.increment();
            try {
                boolean matched = filter.filter(event);
                if (matched && common != null && !event.cancelled()) {
                    common.apply(event);
                }
                if (!matched) {
                    stats.failures.increment();
                }
            } catch (RuntimeException | StackOverflowError e) {
                stats.failures.increment();
                failed(event, e);
            }
            if (!event.cancelled()) {
                stats.out.increment();
            }
            stats.nanos.add(System.nanoTime() - start);
        }

        private void failed(Event event, Throwable e) {
            event.tag(TAG_FILTER_ERROR);
            JsonNode errors = event.root().get("_filter_errors");
            ArrayNode list = errors instanceof ArrayNode a ? a : event.root().putArray("_filter_errors");
            list.add(stats.id() + ": " + e);
            long now = System.nanoTime();
            if (now - lastLogged >= LOG_EVERY_NANOS) {
                lastLogged = now;
                LOG.warnf(e, "filter %s failed on an event; it is tagged %s and indexed (logged once a minute)",
                        stats.id(), TAG_FILTER_ERROR);
            }
        }
    }

    private record IfNode(Conditions.Condition[] conditions, List<List<Node>> bodies, List<Node> otherwise)
            implements Node {
        @Override
        public void run(Event event) {
            for (int i = 0; i < conditions.length; i++) {
                if (conditions[i].test(event)) {
                    FilterPipeline.run(bodies.get(i), event);
                    return;
                }
            }
            FilterPipeline.run(otherwise, event);
        }
    }
}
