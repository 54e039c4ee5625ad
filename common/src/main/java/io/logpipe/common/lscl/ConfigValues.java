package io.logpipe.common.lscl;

import java.util.List;
import java.util.StringJoiner;

/**
 * Values written so that SmallRye Config hands them back unchanged. A configuration source's values go through
 * expression expansion: {@code ${name}} is replaced, {@code $$} becomes {@code $}, and a backslash before a
 * {@code $} is dropped; a list is split on commas, a backslash escaping the next character. A password or a path
 * from a pipeline file must arrive as the file wrote it. (The shipper's multiline pattern is read without expansion,
 * so it is written as is.)
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** One value, read back as {@code value}. */
    public static String scalar(String value) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$') {
                out.append("$$");
            } else if (c == '\\') {
                int end = i;
                while (end < value.length() && value.charAt(end) == '\\') {
                    end++;
                }
                if (end < value.length() && value.charAt(end) == '$') {
                    // Backslashes before a '$' would escape it: they come out of an expression's default value.
                    out.append("${:").append(value, i, end).append('}');
                } else {
                    out.append(value, i, end);
                }
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A list, read back element by element as {@code values}. */
    public static String list(List<String> values) {
        StringJoiner joined = new StringJoiner(",");
        for (String v : values) {
            joined.add(v.replace("\\", "\\\\").replace(",", "\\,"));
        }
        return scalar(joined.toString());
    }
}
