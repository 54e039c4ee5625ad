package io.logpipe.indexer.filter.plugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;

/**
 * One compiled dissect mapping, with Logstash's semantics: each field's value runs up to the first occurrence of
 * the delimiter that follows it, the last field takes the rest (text after it in the mapping is a delimiter that
 * must be found, and what follows it is dropped), {@code ->} also skips repeats of the delimiter after the field.
 * Values are saved as Logstash saves them: plain fields, then appended ones ({@code +}, by their {@code /n}
 * order, each joined with the delimiter before it, or a space), then indirect ones ({@code &}, named by an
 * existing event field or by another field of the mapping). Immutable.
 */
final class Dissection {
    private enum Kind { SKIP, NORMAL, APPEND, INDIRECT }

    private record Field(Kind kind, String name, FieldRef ref, int order, String join, boolean greedy) {
    }

    private static final Pattern FIELD = Pattern.compile("(.*?)%\\{([^}]*?)}", Pattern.DOTALL);
    private static final String SUFFIX = "(/\\d{1,2}|->|/\\d{1,2}->|->/\\d{1,2})";
    private static final Pattern SUFFIX_ONLY = Pattern.compile(SUFFIX + "?");
    private static final Pattern NAME_SUFFIX = Pattern.compile("(.+?)" + SUFFIX + "?", Pattern.DOTALL);
    private static final Pattern ORDER = Pattern.compile("\\d+");

    private final String leading;
    private final Field[] fields;
    /** The delimiter after each field but the last. */
    private final String[] after;
    /** Plain, then append (stable by order), then indirect: the order Logstash saves them in. */
    private final int[] saved;

    private Dissection(String leading, Field[] fields, String[] after, int[] saved) {
        this.leading = leading;
        this.fields = fields;
        this.after = after;
        this.saved = saved;
    }

    /** @throws IllegalArgumentException why the mapping cannot be used */
    static Dissection compile(String mapping) {
        List<Field> fields = new ArrayList<>();
        List<String> delimiters = new ArrayList<>();
        Matcher m = FIELD.matcher(mapping);
        int end = 0;
        while (m.find()) {
            delimiters.add(m.group(1));
            fields.add(field(m.group(2), delimiters.get(delimiters.size() - 1)));
            end = m.end();
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("it has no %{field}");
        }
        String tail = mapping.substring(end);
        if (!tail.isEmpty()) {
            delimiters.add(tail);
            fields.add(new Field(Kind.SKIP, "", null, 0, tail, false));
        }
        String[] after = new String[fields.size() - 1];
        for (int i = 0; i < after.length; i++) {
            after[i] = delimiters.get(i + 1);
            if (after[i].isEmpty()) {
                throw new IllegalArgumentException("%{" + fieldText(mapping, i) + "} and the field after it have no"
                        + " delimiter between them, so dissect cannot tell where one ends");
            }
        }
        List<Integer> saved = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).kind() != Kind.SKIP) {
                saved.add(i);
            }
        }
        saved.sort(Comparator.comparingInt(i -> rank(fields.get(i))));
        return new Dissection(delimiters.get(0), fields.toArray(Field[]::new), after,
                saved.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int rank(Field field) {
        return switch (field.kind()) {
            case NORMAL -> 1;
            case APPEND -> 100 + field.order();
            default -> 1000;
        };
    }

    private static String fieldText(String mapping, int index) {
        Matcher m = FIELD.matcher(mapping);
        for (int i = 0; i <= index; i++) {
            m.find();
        }
        return m.group(2);
    }

    /** {@code %{}}, {@code %{?name}}, {@code %{name}}, {@code %{+name/2}}, {@code %{&name}}, each maybe with ->. */
    private static Field field(String text, String before) {
        String join = before.isEmpty() ? " " : before;
        if (text.isEmpty() || text.charAt(0) == '?') {
            String[] nameSuffix = nameSuffix(text.isEmpty() ? text : text.substring(1));
            return new Field(Kind.SKIP, nameSuffix[0], null, 0, join, nameSuffix[1].contains("->"));
        }
        if (text.startsWith("+&") || text.startsWith("&+")) {
            throw new IllegalArgumentException("%{" + text + "} is both an append (+) and an indirect (&) field");
        }
        Kind kind = text.charAt(0) == '+' ? Kind.APPEND : text.charAt(0) == '&' ? Kind.INDIRECT : Kind.NORMAL;
        String[] nameSuffix = nameSuffix(kind == Kind.NORMAL ? text : text.substring(1));
        boolean greedy = nameSuffix[1].contains("->");
        if (nameSuffix[0].isEmpty()) {
            if (kind != Kind.NORMAL) {
                throw new IllegalArgumentException("%{" + text + "} has no field name");
            }
            return new Field(Kind.SKIP, "", null, 0, join, greedy);
        }
        FieldRef ref;
        try {
            ref = FieldRef.parse(nameSuffix[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%{" + text + "}: " + e.getMessage());
        }
        Matcher order = ORDER.matcher(nameSuffix[1]);
        return new Field(kind, nameSuffix[0], ref, order.find() ? Integer.parseInt(order.group()) : 0, join, greedy);
    }

    private static String[] nameSuffix(String text) {
        if (SUFFIX_ONLY.matcher(text).matches()) {
            return new String[] {"", text};
        }
        Matcher m = NAME_SUFFIX.matcher(text);
        if (m.matches()) {
            return new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)};
        }
        return new String[] {text, ""};
    }

    /** Dissects the text into the event; false (the event untouched) when the text does not fit. */
    boolean dissect(String text, Event event) {
        if (!text.startsWith(leading)) {
            return false;
        }
        int last = fields.length - 1;
        int[] bounds = new int[2 * fields.length];
        int left = leading.length();
        for (int i = 0; i < last; i++) {
            if (i > 0 && fields[i - 1].greedy()) {
                left = skipRepeats(text, after[i - 1], left);
            }
            int at = text.indexOf(after[i], left);
            if (at < 0) {
                return false;
            }
            bounds[2 * i] = left;
            bounds[2 * i + 1] = at;
            left = at + after[i].length();
        }
        if (last > 0 && fields[last - 1].greedy()) {
            left = skipRepeats(text, after[last - 1], left);
        }
        bounds[2 * last] = left;
        bounds[2 * last + 1] = text.length();
        for (int i : saved) {
            save(fields[i], text.substring(bounds[2 * i], bounds[2 * i + 1]), text, bounds, i, event);
        }
        return true;
    }

    private void save(Field field, String value, String text, int[] bounds, int index, Event event) {
        switch (field.kind()) {
            case NORMAL -> event.set(field.ref(), value);
            case APPEND -> {
                JsonNode existing = event.get(field.ref());
                event.set(field.ref(), existing == null || existing.isNull() ? value
                        : Dissect.text(existing) + field.join() + value);
            }
            case INDIRECT -> {
                JsonNode named = event.get(field.ref());
                String name = named != null && !named.isNull() ? Dissect.text(named) : other(field, index, text,
                        bounds);
                if (!name.isEmpty()) {
                    event.set(reference(name), TextNode.valueOf(value));
                }
            }
            default -> {
            }
        }
    }

    /** The value of the first other field of the mapping with that name, or "". */
    private String other(Field field, int index, String text, int[] bounds) {
        for (int i = 0; i < fields.length; i++) {
            if (i != index && fields[i].name().equals(field.name())) {
                return text.substring(bounds[2 * i], bounds[2 * i + 1]);
            }
        }
        return "";
    }

    /** A found name as a field reference, like Logstash's; one that is not a valid reference is a plain name. */
    private static FieldRef reference(String name) {
        try {
            return FieldRef.parse(name);
        } catch (IllegalArgumentException e) {
            return new FieldRef(List.of(name), name);
        }
    }

    private static int skipRepeats(String text, String delimiter, int from) {
        while (text.startsWith(delimiter, from)) {
            from += delimiter.length();
        }
        return from;
    }
}
