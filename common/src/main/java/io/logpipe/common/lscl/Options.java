package io.logpipe.common.lscl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plugin's options as their reader (a filter plugin's constructor, a pipeline file's mapping) takes them, with
 * Logstash's value coercions (a {@code boolean} from {@code true} or {@code "true"}, a {@code hash} from a hash or
 * an array of pairs, an {@code array} from one value or several). Every read marks the option as known; {@link #finish()} then refuses anything the plugin did not
 * read, naming the option, where it is and what the plugin supports. A value of the wrong shape is refused at its
 * own line and column. Used only at start-up.
 */
public final class Options {
    private final Ast.Plugin plugin;
    private final Path baseDir;
    private final Set<String> known = new TreeSet<>();
    private final Map<String, Ast.Attribute> byName = new LinkedHashMap<>();

    public Options(Ast.Plugin plugin, Path baseDir) {
        this.plugin = plugin;
        this.baseDir = baseDir;
        for (Ast.Attribute attribute : plugin.attributes()) {
            Ast.Attribute earlier = byName.putIfAbsent(attribute.name(), attribute);
            if (earlier != null) {
                throw new ConfigException(attribute.location(), plugin.name() + ": option " + attribute.name()
                        + " is given twice (first at line " + earlier.location().line() + ")");
            }
        }
    }

    public String pluginName() {
        return plugin.name();
    }

    public Location location() {
        return plugin.location();
    }

    /** The directory of the configuration file: relative paths in options resolve against it. */
    public Path baseDir() {
        return baseDir;
    }

    /** The raw value, if given. */
    public Optional<Ast.Value> value(String name) {
        known.add(name);
        Ast.Attribute attribute = byName.get(name);
        return attribute == null ? Optional.empty() : Optional.of(attribute.value());
    }

    public boolean has(String name) {
        known.add(name);
        return byName.containsKey(name);
    }

    public Optional<String> string(String name) {
        return value(name).map(v -> scalar(name, v));
    }

    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return value(name).map(v -> {
            String text = scalar(name, v);
            if (text.equals("true")) {
                return true;
            }
            if (text.equals("false")) {
                return false;
            }
            throw error(v, name + " must be true or false, not " + text);
        }).orElse(defaultValue);
    }

    public long integer(String name, long defaultValue) {
        return value(name).map(v -> {
            String text = scalar(name, v);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error(v, name + " must be a whole number, not " + text);
            }
        }).orElse(defaultValue);
    }

    public double number(String name, double defaultValue) {
        return value(name).map(v -> {
            String text = scalar(name, v);
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error(v, name + " must be a number, not " + text);
            }
        }).orElse(defaultValue);
    }

    /** One of the given words. */
    public String choice(String name, String defaultValue, String... allowed) {
        Optional<Ast.Value> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = scalar(name, value.get());
        for (String a : allowed) {
            if (a.equals(text)) {
                return text;
            }
        }
        throw error(value.get(), name + " must be one of " + String.join(", ", allowed) + ", not " + text);
    }

    /** Logstash's {@code array}: one scalar or an array of scalars. */
    public List<String> strings(String name) {
        return value(name).map(v -> strings(name, v)).orElse(List.of());
    }

    /**
     * Logstash's {@code hash}: a hash, or an array of an even number of values read as pairs; each value a scalar.
     * Keys keep their order.
     */
    public Map<String, String> stringMap(String name) {
        Map<String, String> map = new LinkedHashMap<>();
        multiMap(name).forEach((k, values) -> {
            if (values.size() != 1) {
                throw error(byName.get(name).value(), name + " => " + k + " must be one value, not " + values.size());
            }
            map.put(k, values.get(0));
        });
        return map;
    }

    /**
     * A hash whose values are a scalar or an array of scalars ({@code grok}'s {@code match}); an array of pairs is
     * accepted as in Logstash ({@code match => ["message", "%{A}", "message", "%{B}"]}), repeated keys collecting
     * their values.
     */
    public Map<String, List<String>> multiMap(String name) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        Optional<Ast.Value> value = value(name);
        if (value.isEmpty()) {
            return map;
        }
        if (value.get() instanceof Ast.Hash hash) {
            for (Ast.Entry entry : hash.entries()) {
                map.computeIfAbsent(entry.key(), k -> new ArrayList<>()).addAll(strings(name, entry.value()));
            }
            return map;
        }
        if (value.get() instanceof Ast.Array array) {
            if (array.values().size() % 2 != 0) {
                throw error(array, name + " must be a hash, or an array of key, value pairs (it has "
                        + array.values().size() + " elements)");
            }
            for (int i = 0; i < array.values().size(); i += 2) {
                String key = scalar(name, array.values().get(i));
                map.computeIfAbsent(key, k -> new ArrayList<>()).add(scalar(name, array.values().get(i + 1)));
            }
            return map;
        }
        throw error(value.get(), name + " must be a hash, not " + value.get().kind());
    }

    /** Refuses every option the plugin did not read, with what it supports. Call after reading. */
    public void finish() {
        for (Ast.Attribute attribute : byName.values()) {
            if (!known.contains(attribute.name())) {
                throw new ConfigException(attribute.location(), plugin.name() + " has no option " + attribute.name()
                        + " in logpipe; supported: " + String.join(", ", new LinkedHashSet<>(known)));
            }
        }
    }

    /** An error at the option's value (or at the plugin when the option is not given). */
    public ConfigException error(String name, String reason) {
        Ast.Attribute attribute = byName.get(name);
        return new ConfigException(attribute == null ? plugin.location() : attribute.value().location(),
                plugin.name() + ": " + reason);
    }

    public ConfigException error(Ast.Value at, String reason) {
        return new ConfigException(at.location(), plugin.name() + ": " + reason);
    }

    private List<String> strings(String name, Ast.Value value) {
        if (value instanceof Ast.Array array) {
            List<String> list = new ArrayList<>(array.values().size());
            for (Ast.Value element : array.values()) {
                list.add(scalar(name, element));
            }
            return list;
        }
        return List.of(scalar(name, value));
    }

    private String scalar(String name, Ast.Value value) {
        if (value instanceof Ast.Str s) {
            return s.text();
        }
        if (value instanceof Ast.Num n) {
            return n.text();
        }
        if (value instanceof Ast.Bareword b) {
            return b.text();
        }
        throw error(value, name + " must be a single value, not " + value.kind());
    }
}
