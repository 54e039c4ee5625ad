package io.logpipe.common.lscl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recursive-descent parser for Logstash's configuration grammar (its {@code grammar.treetop}), written by hand:
 * the grammar is small and LL(1) but for two spots decided by one more look (a bare word followed by {@code {} is
 * a plugin; {@code [x]} is a field reference unless it holds a comma), and a hand parser can say at every point
 * what it expected, which is what a refused start-up must print. A parser generator would add a runtime library
 * to both services and generic messages.
 *
 * <p>Strings are taken as Logstash takes them by default ({@code config.support_escapes: false}): the text between
 * the quotes, backslashes kept, so {@code '^\d'} reaches the regex as written. Boolean operators bind as in
 * Logstash's Java pipeline: {@code and} tighter than {@code nand}, then {@code xor}, then {@code or}; all are
 * left-associative.
 */
public final class LsclParser {
    private static final List<String> SECTIONS = List.of("input", "filter", "output");

    private final String text;
    private final String file;
    private final int[] lineStarts;
    private int pos;

    private LsclParser(String text, String file) {
        this.text = text;
        this.file = file;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Parses a pipeline file's text; {@code file} names it in messages. */
    public static Ast.Pipeline parse(String text, String file) {
        return new LsclParser(text, file).pipeline();
    }

    /** Reads and parses a file (UTF-8). */
    public static Ast.Pipeline parse(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(new Location(path.toString(), 1, 1), "cannot read the file: " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    // ---- structure

    private Ast.Pipeline pipeline() {
        List<Ast.Section> sections = new ArrayList<>();
        skip();
        if (pos == text.length()) {
            throw error("the file is empty: expected input { ... }, filter { ... } or output { ... }");
        }
        while (pos < text.length()) {
            Location at = here();
            String kind = word();
            if (!SECTIONS.contains(kind)) {
                pos -= kind.length();
                throw error(at, "expected input, filter or output, found " + found());
            }
            sections.add(new Ast.Section(kind, block(kind), at));
            skip();
        }
        return new Ast.Pipeline(List.copyOf(sections));
    }

    /** {@code { (plugin | if)* }}. */
    private List<Ast.Statement> block(String owner) {
        skip();
        expect('{', "after " + owner);
        List<Ast.Statement> body = new ArrayList<>();
        while (true) {
            skip();
            if (pos == text.length()) {
                throw error("unclosed " + owner + " block: expected }");
            }
            if (peek() == '}') {
                pos++;
                return List.copyOf(body);
            }
            Location at = here();
            String name = pluginName();
            if (name.equals("if")) {
                body.add(conditional(at));
            } else if (name.equals("else")) {
                throw error(at, "else without an if before it");
            } else {
                body.add(plugin(name, at));
            }
        }
    }

    private Ast.Plugin plugin(String name, Location at) {
        skip();
        if (peek() != '{') {
            throw error("expected { after the plugin name " + name + ", found " + found());
        }
        pos++;
        List<Ast.Attribute> attributes = new ArrayList<>();
        while (true) {
            skip();
            if (pos == text.length()) {
                throw error(at, "unclosed plugin " + name + ": expected }");
            }
            if (peek() == '}') {
                pos++;
                return new Ast.Plugin(name, List.copyOf(attributes), at);
            }
            Location attributeAt = here();
            String attribute = name();
            skip();
            if (!text.startsWith("=>", pos)) {
                throw error("expected => after the option " + attribute + " of " + name + ", found " + found());
            }
            pos += 2;
            skip();
            attributes.add(new Ast.Attribute(attribute, value(), attributeAt));
        }
    }

    private Ast.If conditional(Location at) {
        List<Ast.Branch> branches = new ArrayList<>();
        skip();
        Location conditionAt = here();
        branches.add(new Ast.Branch(condition(), block("if"), conditionAt));
        List<Ast.Statement> otherwise = List.of();
        while (true) {
            int mark = pos;
            skip();
            if (!keyword("else")) {
                pos = mark;
                break;
            }
            skip();
            if (keyword("if")) {
                skip();
                Location elseIfAt = here();
                branches.add(new Ast.Branch(condition(), block("else if"), elseIfAt));
            } else {
                otherwise = block("else");
                break;
            }
        }
        return new Ast.If(List.copyOf(branches), otherwise, at);
    }

    // ---- values

    private Ast.Value value() {
        Location at = here();
        char c = peek();
        if (c == '"' || c == '\'') {
            return new Ast.Str(quoted(), at);
        }
        if (c == '[') {
            pos++;
            List<Ast.Value> values = new ArrayList<>();
            skip();
            if (peek() == ']') {
                pos++;
                return new Ast.Array(List.of(), at);
            }
            while (true) {
                skip();
                values.add(value());
                skip();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == ']') {
                    pos++;
                    return new Ast.Array(List.copyOf(values), at);
                } else {
                    throw error("expected , or ] in the array, found " + found());
                }
            }
        }
        if (c == '{') {
            return hash(at);
        }
        if (c == '-' || isDigit(c)) {
            String number = number();
            if (number != null) {
                return new Ast.Num(number, at);
            }
        }
        if (isNameChar(c)) {
            String word = name();
            int mark = pos;
            skip();
            if (peek() == '{') {
                return new Ast.PluginValue(plugin(word, at), at);
            }
            pos = mark;
            return new Ast.Bareword(word, at);
        }
        throw error("expected a value (a string, number, bare word, array, hash or plugin), found " + found());
    }

    private Ast.Hash hash(Location at) {
        pos++;
        List<Ast.Entry> entries = new ArrayList<>();
        while (true) {
            skip();
            if (pos == text.length()) {
                throw error(at, "unclosed hash: expected }");
            }
            if (peek() == '}') {
                pos++;
                return new Ast.Hash(List.copyOf(entries), at);
            }
            Location entryAt = here();
            String key;
            char c = peek();
            if (c == '"' || c == '\'') {
                key = quoted();
            } else if (isNameChar(c) || c == '-') {
                key = name();
            } else {
                throw error("expected a key (a string, number or bare word) in the hash, found " + found());
            }
            skip();
            if (!text.startsWith("=>", pos)) {
                throw error("expected => after the key " + key + ", found " + found());
            }
            pos += 2;
            skip();
            entries.add(new Ast.Entry(key, value(), entryAt));
            skip();
            if (peek() == ',') {
                pos++;
            }
        }
    }

    // ---- conditions

    /** Operators from the loosest to the tightest binding. */
    private static final String[] BOOLEAN_OPERATORS = {"or", "xor", "nand", "and"};

    private Ast.Expr condition() {
        return booleanLevel(0);
    }

    private Ast.Expr booleanLevel(int level) {
        if (level == BOOLEAN_OPERATORS.length) {
            return expression();
        }
        Ast.Expr left = booleanLevel(level + 1);
        while (true) {
            int mark = pos;
            skip();
            Location at = here();
            if (!keyword(BOOLEAN_OPERATORS[level])) {
                pos = mark;
                return left;
            }
            skip();
            Ast.Expr right = booleanLevel(level + 1);
            left = switch (BOOLEAN_OPERATORS[level]) {
                case "or" -> new Ast.Or(left, right, at);
                case "xor" -> new Ast.Xor(left, right, at);
                case "nand" -> new Ast.Nand(left, right, at);
                default -> new Ast.And(left, right, at);
            };
        }
    }

    private Ast.Expr expression() {
        skip();
        Location at = here();
        if (peek() == '(') {
            pos++;
            Ast.Expr inner = condition();
            skip();
            expect(')', "to close (");
            return inner;
        }
        if (peek() == '!' && !text.startsWith("!=", pos) && !text.startsWith("!~", pos)) {
            pos++;
            skip();
            if (peek() == '(') {
                return new Ast.Not(expression(), at);
            }
            if (peek() != '[') {
                throw error("expected ( or a field reference after !, found " + found());
            }
            return new Ast.Not(new Ast.Truthy(selector(), at), at);
        }
        Ast.Operand left = operand();
        int mark = pos;
        skip();
        Location opAt = here();
        for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                skip();
                return new Ast.Compare(op, left, operand(), opAt);
            }
        }
        if (text.startsWith("=~", pos) || text.startsWith("!~", pos)) {
            boolean negated = peek() == '!';
            pos += 2;
            skip();
            Location patternAt = here();
            char c = peek();
            String pattern;
            if (c == '/') {
                pattern = regex();
            } else if (c == '"' || c == '\'') {
                pattern = quoted();
            } else {
                throw error(patternAt, "expected a regex /.../ or a string after " + (negated ? "!~" : "=~")
                        + ", found " + found());
            }
            return new Ast.Match(left, pattern, negated, opAt);
        }
        if (keyword("in")) {
            skip();
            return new Ast.In(left, operand(), false, opAt);
        }
        if (keyword("not")) {
            skip();
            if (!keyword("in")) {
                throw error("expected in after not, found " + found());
            }
            skip();
            return new Ast.In(left, operand(), true, opAt);
        }
        pos = mark;
        return new Ast.Truthy(left, at);
    }

    private Ast.Operand operand() {
        Location at = here();
        char c = peek();
        if (c == '"' || c == '\'') {
            return new Ast.StrLit(quoted(), at);
        }
        if (c == '/') {
            return new Ast.RegexLit(regex(), at);
        }
        if (c == '-' || isDigit(c)) {
            String number = number();
            if (number != null) {
                return new Ast.NumLit(number, at);
            }
        }
        if (c == '[') {
            int close = text.indexOf(']', pos);
            int comma = text.indexOf(',', pos);
            boolean selector = close > pos + 1 && (comma < 0 || comma > close);
            if (selector) {
                return selector();
            }
            pos++;
            List<Ast.Operand> values = new ArrayList<>();
            skip();
            if (peek() == ']') {
                pos++;
                return new Ast.ListLit(List.of(), at);
            }
            while (true) {
                skip();
                values.add(operand());
                skip();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == ']') {
                    pos++;
                    return new Ast.ListLit(List.copyOf(values), at);
                } else {
                    throw error("expected , or ] in the list, found " + found());
                }
            }
        }
        if (isNameChar(c)) {
            int mark = pos;
            String word = name();
            if (peek() == '(') {
                throw error(at, "method calls such as " + word + "(...) are not supported in conditions");
            }
            pos = mark;
            throw error(at, "expected a field reference [name], a string, a number, a regex or a list, found "
                    + describe(word) + " (a field is written [" + word + "])");
        }
        throw error("expected a field reference [name], a string, a number, a regex or a list, found " + found());
    }

    /** {@code [a][b]}: one or more {@code [name]}, a name holding neither {@code ]} nor a comma. */
    private Ast.FieldRef selector() {
        Location at = here();
        List<String> path = new ArrayList<>();
        while (peek() == '[') {
            int start = pos + 1;
            int i = start;
            while (i < text.length() && text.charAt(i) != ']' && text.charAt(i) != ',' && text.charAt(i) != '\n') {
                i++;
            }
            if (i == text.length() || text.charAt(i) != ']' || i == start) {
                pos = start;
                throw error(at, "malformed field reference: expected [name]");
            }
            path.add(text.substring(start, i));
            pos = i + 1;
        }
        return new Ast.FieldRef(List.copyOf(path), at);
    }

    // ---- tokens

    /** Whitespace and {@code #} comments. */
    private void skip() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c, String context) {
        if (peek() != c) {
            throw error("expected " + c + " " + context + ", found " + found());
        }
        pos++;
    }

    /** A whole word at the cursor, consumed only when it matches. */
    private boolean keyword(String word) {
        if (!text.startsWith(word, pos)) {
            return false;
        }
        int end = pos + word.length();
        if (end < text.length() && isNameChar(text.charAt(end))) {
            return false;
        }
        pos = end;
        return true;
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** A plugin or option name: {@code [A-Za-z0-9_-]+} or a quoted string. */
    private String name() {
        char c = peek();
        if (c == '"' || c == '\'') {
            return quoted();
        }
        int start = pos;
        while (pos < text.length() && (isNameChar(text.charAt(pos)) || text.charAt(pos) == '-')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name, found " + found());
        }
        return text.substring(start, pos);
    }

    private String pluginName() {
        char c = peek();
        if (c != '"' && c != '\'' && !isNameChar(c) && c != '-') {
            throw error("expected a plugin name, an if, or }, found " + found());
        }
        return name();
    }

    private String quoted() {
        Location at = here();
        char quote = text.charAt(pos);
        int i = pos + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                String inside = text.substring(pos + 1, i);
                pos = i + 1;
                return inside;
            } else {
                i++;
            }
        }
        throw error(at, "unclosed string: expected a closing " + quote);
    }

    private String regex() {
        Location at = here();
        int i = pos + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i += 2;
            } else if (c == '/') {
                String inside = text.substring(pos + 1, i);
                pos = i + 1;
                return inside;
            } else if (c == '\n') {
                break;
            } else {
                i++;
            }
        }
        throw error(at, "unclosed regex: expected a closing /");
    }

    /** {@code -?[0-9]+(\.[0-9]*)?} followed by no name character; null (nothing consumed) otherwise. */
    private String number() {
        int start = pos;
        int i = pos;
        if (i < text.length() && text.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digits) {
            return null;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length() && (isNameChar(text.charAt(i)) || text.charAt(i) == '-')) {
            return null; // 404s, 2xx: a bare word
        }
        pos = i;
        return text.substring(start, i);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    private String found() {
        if (pos >= text.length()) {
            return "the end of the file";
        }
        int end = pos;
        while (end < text.length() && end - pos < 20 && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return describe(end == pos ? String.valueOf(text.charAt(pos)) : text.substring(pos, end));
    }

    private static String describe(String token) {
        return token.isEmpty() ? "nothing" : "'" + token + "'";
    }

    private Location here() {
        int line = Arrays.binarySearch(lineStarts, pos);
        if (line < 0) {
            line = -line - 2;
        }
        return new Location(file, line + 1, pos - lineStarts[line] + 1);
    }

    private ConfigException error(String reason) {
        return new ConfigException(here(), reason);
    }

    private ConfigException error(Location at, String reason) {
        return new ConfigException(at, reason);
    }
}
