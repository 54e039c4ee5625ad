package io.logpipe.common.lscl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * Logstash's environment variable references in a pipeline file: {@code ${NAME}} and {@code ${NAME:default}} in a
 * quoted string value (also inside arrays, hash values and codecs) are replaced by the variable's value at start-up;
 * an undefined variable without a default stops the start-up, as in Logstash. Keys, barewords and numbers are
 * left alone, as Logstash leaves them. (Logstash also looks in its secret store; logpipe has none.)
 */
public final class Substitution {
    /** Logstash's {@code SUBSTITUTION_PLACEHOLDER_REGEX}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-zA-Z_.][a-zA-Z0-9_.]*)(?::([^}]*))?}");

    private final Function<String, String> environment;

    private Substitution(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The pipeline with every reference replaced; {@code environment} returns null for an undefined variable. */
    public static Ast.Pipeline apply(Ast.Pipeline pipeline, Function<String, String> environment) {
        Substitution s = new Substitution(environment);
        List<Ast.Section> sections = new ArrayList<>();
        for (Ast.Section section : pipeline.sections()) {
            sections.add(new Ast.Section(section.kind(), s.statements(section.body()), section.location()));
        }
        return new Ast.Pipeline(sections);
    }

    private List<Ast.Statement> statements(List<Ast.Statement> body) {
        List<Ast.Statement> out = new ArrayList<>(body.size());
        for (Ast.Statement statement : body) {
            if (statement instanceof Ast.Plugin plugin) {
                out.add(plugin(plugin));
            } else if (statement instanceof Ast.If branch) {
                List<Ast.Branch> branches = new ArrayList<>();
                for (Ast.Branch b : branch.branches()) {
                    branches.add(new Ast.Branch(b.condition(), statements(b.body()), b.location()));
                }
                out.add(new Ast.If(branches, statements(branch.otherwise()), branch.location()));
            }
        }
        return out;
    }

    private Ast.Plugin plugin(Ast.Plugin plugin) {
        List<Ast.Attribute> attributes = new ArrayList<>(plugin.attributes().size());
        for (Ast.Attribute a : plugin.attributes()) {
            attributes.add(new Ast.Attribute(a.name(), value(a.value()), a.location()));
        }
        return new Ast.Plugin(plugin.name(), attributes, plugin.location());
    }

    private Ast.Value value(Ast.Value value) {
        if (value instanceof Ast.Str s) {
            return new Ast.Str(replace(s), s.location());
        }
        if (value instanceof Ast.Array a) {
            return new Ast.Array(a.values().stream().map(this::value).toList(), a.location());
        }
        if (value instanceof Ast.Hash h) {
            return new Ast.Hash(h.entries().stream().map(e -> new Ast.Entry(e.key(), value(e.value()), e.location()))
                    .toList(), h.location());
        }
        if (value instanceof Ast.PluginValue p) {
            return new Ast.PluginValue(plugin(p.plugin()), p.location());
        }
        return value;
    }

    private String replace(Ast.Str s) {
        Matcher m = REFERENCE.matcher(s.text());
        if (!m.find()) {
            return s.text();
        }
        StringBuilder out = new StringBuilder();
        do {
            String name = m.group(1);
            String value = environment.apply(name);
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigException(s.location(), "cannot evaluate ${" + name + "}: the environment variable "
                        + name + " is not set and the reference gives no default (${" + name + ":default})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
