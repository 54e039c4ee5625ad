package io.logpipe.indexer.filter.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.Filter;
import io.logpipe.indexer.filter.Template;
import io.logpipe.indexer.filter.plugin.MutateOps.Op;

/**
 * Logstash's {@code mutate} filter. The operations run in Logstash's fixed order whatever their order in the
 * file (coerce, rename, update, replace, convert, gsub, uppercase, capitalize, lowercase, strip, split, join,
 * merge, copy), so a block means the same here as there; each is compiled once here. As in Logstash, sprintf
 * ({@code %{field}}) is applied to coerce's, update's and replace's values, to both of rename's names and to
 * gsub's pattern and replacement, and not to other field names. The first operation that fails (a value that is
 * not a number for {@code convert => integer}) stops the rest and tags the event {@code tag_on_failure}, with the
 * earlier operations' changes kept, as the mutate documentation says.
 */
public final class Mutate implements Filter {
    private final List<Op> ops = new ArrayList<>();
    private final String tagOnFailure;

    public Mutate(Options options) {
        options.stringMap("coerce").forEach((f, v) ->
                ops.add(MutateOps.coerce(field(options, "coerce", f), template(options, "coerce", f, v))));
        options.stringMap("rename").forEach((from, to) ->
                ops.add(MutateOps.rename(name(options, "rename", from, from), name(options, "rename", from, to))));
        options.stringMap("update").forEach((f, v) ->
                ops.add(MutateOps.update(field(options, "update", f), template(options, "update", f, v))));
        options.stringMap("replace").forEach((f, v) ->
                ops.add(MutateOps.replace(field(options, "replace", f), template(options, "replace", f, v))));
        options.stringMap("convert").forEach((f, type) -> {
            MutateConversion conversion = MutateConversion.named(type);
            if (conversion == null) {
                throw options.error(at(options, "convert", f), "convert => " + f + ": unknown conversion type '"
                        + type + "', expected one of " + MutateConversion.names());
            }
            ops.add(MutateOps.convert(field(options, "convert", f), conversion));
        });
        readGsub(options);
        perField(options, "uppercase", f -> MutateOps.changeCase(f, RubyText::upcase));
        perField(options, "capitalize", f -> MutateOps.changeCase(f, RubyText::capitalize));
        perField(options, "lowercase", f -> MutateOps.changeCase(f, RubyText::downcase));
        perField(options, "strip", MutateOps::strip);
        perEntry(options, "split", MutateOps::split);
        perEntry(options, "join", MutateOps::join);
        options.multiMap("merge").forEach((dest, sources) -> ops.add(MutateOps.merge(field(options, "merge", dest),
                sources.stream().map(s -> field(options, "merge", s)).toList())));
        options.stringMap("copy").forEach((from, to) ->
                ops.add(MutateOps.copy(field(options, "copy", from), field(options, "copy", to))));
        tagOnFailure = options.string("tag_on_failure", "_mutate_error");
    }

    @Override
    public boolean filter(Event event) {
        try {
            for (Op op : ops) {
                op.apply(event);
            }
            return true;
        } catch (RuntimeException e) {
            event.tag(tagOnFailure);
            return false;
        }
    }

    /** {@code gsub => [field, pattern, replacement, ...]}: a pattern without %{...} is compiled here. */
    private void readGsub(Options options) {
        Optional<Ast.Value> raw = options.value("gsub");
        List<String> gsub = options.strings("gsub");
        if (gsub.size() % 3 != 0) {
            throw options.error("gsub", "gsub takes triples of field, pattern, replacement; it has " + gsub.size()
                    + " element" + (gsub.size() == 1 ? "" : "s"));
        }
        for (int i = 0; i < gsub.size(); i += 3) {
            Ast.Value at = raw.get() instanceof Ast.Array array ? array.values().get(i + 1) : raw.get();
            String needle = gsub.get(i + 1);
            Pattern fixed = null;
            Template dynamic = null;
            if (needle.contains("%{")) {
                dynamic = template(options, "gsub", gsub.get(i), needle);
            } else {
                try {
                    fixed = RubyText.regex(needle);
                } catch (PatternSyntaxException e) {
                    throw options.error(at, "gsub: invalid pattern " + needle + ": " + e.getDescription());
                }
            }
            ops.add(MutateOps.gsub(field(options, "gsub", gsub.get(i)), fixed, dynamic,
                    template(options, "gsub", gsub.get(i), gsub.get(i + 2))));
        }
    }

    private void perField(Options options, String option, Function<FieldRef, Op> op) {
        for (String f : options.strings(option)) {
            ops.add(op.apply(field(options, option, f)));
        }
    }

    private void perEntry(Options options, String option, BiFunction<FieldRef, String, Op> op) {
        options.stringMap(option).forEach((f, separator) -> ops.add(op.apply(field(options, option, f), separator)));
    }

    private static FieldRef field(Options options, String option, String reference) {
        try {
            return FieldRef.parse(reference);
        } catch (IllegalArgumentException e) {
            throw options.error(at(options, option, reference), option + ": " + e.getMessage());
        }
    }

    private static Template template(Options options, String option, String key, String text) {
        try {
            return Template.compile(text);
        } catch (IllegalArgumentException e) {
            throw options.error(at(options, option, key), option + " => " + key + ": " + e.getMessage());
        }
    }

    /** rename's names: templates when they refer to fields, else checked here. */
    private static MutateOps.Name name(Options options, String option, String key, String text) {
        Template template = template(options, option, key, text);
        return template.constant()
                ? new MutateOps.Name(field(options, option, text), null) : new MutateOps.Name(null, template);
    }

    /** The place to blame for an entry: its value in the hash (or pair array), else the whole option. */
    private static Ast.Value at(Options options, String option, String key) {
        Ast.Value value = options.value(option).orElse(null);
        if (value instanceof Ast.Hash hash) {
            for (Ast.Entry entry : hash.entries()) {
                if (entry.key().equals(key)) {
                    return entry.value();
                }
            }
        } else if (value instanceof Ast.Array array) {
            for (Ast.Value element : array.values()) {
                if (element instanceof Ast.Str s && s.text().equals(key)
                        || element instanceof Ast.Bareword b && b.text().equals(key)) {
                    return element;
                }
            }
        }
        return value;
    }
}
