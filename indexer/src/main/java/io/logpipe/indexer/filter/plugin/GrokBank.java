package io.logpipe.indexer.filter.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grok's pattern dictionary and its expansion of {@code %{NAME:field:type}} into a regular expression, as Logstash's
 * grok library does it: the legacy (non-ECS) built-in patterns first, then the {@code patterns_dir} files, then
 * {@code pattern_definitions}, a later definition of a name replacing an earlier one. Used at start-up only.
 */
final class GrokBank {
    /**
     * A reference: {@code %{NAME}}, {@code %{NAME:semantic}}, {@code %{NAME:semantic:type}}, or with an inline
     * definition {@code %{NAME=regex}}; anything else before the closing brace is ignored, as in Logstash.
     */
    private static final Pattern REFERENCE = Pattern.compile("%\\{(?<name>(?<pattern>[A-z0-9]+)"
            + "(?::(?<subname>[@\\[\\]A-z0-9_:.-]+))?)"
            + "(?:=(?<definition>(?:[^{}\\\\]+|\\\\.+|\\{[^{}]*\\})+))?[^}]*\\}");

    private final Map<String, String> patterns = new HashMap<>(org.opensearch.grok.Grok.BUILTIN_PATTERNS);

    /** @throws IllegalArgumentException when the pattern ends with white space (Logstash refuses it too) */
    void define(String name, String pattern) {
        if (!pattern.isEmpty() && Character.isWhitespace(pattern.charAt(pattern.length() - 1))) {
            throw new IllegalArgumentException("pattern " + name + " ends with white space: \"" + pattern + "\"");
        }
        patterns.put(name, pattern);
    }

    /**
     * Reads a pattern file: one {@code NAME regex} a line; blank lines, lines starting with {@code #} and lines
     * without a regex are skipped.
     *
     * @throws IllegalArgumentException naming the file and line of a bad definition
     */
    void load(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.stripLeading();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                int space = 0;
                while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
                    space++;
                }
                int start = space;
                while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                    start++;
                }
                if (space == text.length()) {
                    continue;
                }
                try {
                    define(text.substring(0, space), text.substring(start));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * The regular expression for a grok pattern. A reference with a semantic becomes the named group
     * {@code (?<NAME:semantic:type>...)}, which {@link GrokExpression} reads back; one without is a plain group,
     * unless {@code namedCapturesOnly} is false, when it is captured under the pattern's own name.
     *
     * @throws IllegalArgumentException for an unknown or self-referencing pattern
     */
    String expand(String grokPattern, boolean namedCapturesOnly) {
        StringBuilder regex = new StringBuilder(grokPattern.length() * 4);
        expand(grokPattern, namedCapturesOnly, new HashMap<>(), new ArrayDeque<>(), regex);
        return regex.toString();
    }

    private void expand(String text, boolean namedCapturesOnly, Map<String, String> inline, Deque<String> using,
            StringBuilder regex) {
        Matcher reference = REFERENCE.matcher(text);
        int last = 0;
        while (reference.find()) {
            regex.append(text, last, reference.start());
            last = reference.end();
            String name = reference.group("pattern");
            if (reference.group("definition") != null) {
                inline.put(name, reference.group("definition"));
            }
            String definition = inline.getOrDefault(name, patterns.get(name));
            if (definition == null) {
                throw new IllegalArgumentException("pattern %{" + name + "} is not defined" + via(using));
            }
            if (using.contains(name)) {
                throw new IllegalArgumentException("pattern %{" + name + "} refers to itself" + via(using));
            }
            String group = reference.group("name");
            regex.append(namedCapturesOnly && reference.group("subname") == null ? "(?:" : "(?<" + group + ">");
            using.push(name);
            expand(definition, namedCapturesOnly, inline, using, regex);
            using.pop();
            regex.append(')');
        }
        regex.append(text, last, text.length());
    }

    private static String via(Deque<String> using) {
        if (using.isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder(" (used by ");
        using.descendingIterator().forEachRemaining(name -> path.append("%{").append(name).append("} > "));
        path.setLength(path.length() - 3);
        return path.append(')').toString();
    }
}
