package io.logpipe.shipper.discover;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A file glob as Logstash and Filebeat users write it: {@code *} and {@code ?} within one path segment,
 * {@code [abc]} / {@code [!abc]}, {@code {a,b}}, {@code \} escapes, and {@code **} as a whole segment for zero
 * or more directories ({@code /var/log/**}{@code /*.log} also matches {@code /var/log/app.log}, which Java's
 * own glob matcher does not). Written here for that zero-directory case and to know the directory to walk.
 */
public final class Glob {
    private final String text;
    private final Pattern regex;
    private final Path base;
    private final int maxDepth;

    private Glob(String text, Pattern regex, Path base, int maxDepth) {
        this.text = text;
        this.regex = regex;
        this.base = base;
        this.maxDepth = maxDepth;
    }

    /** A glob for full paths; relative globs are taken relative to the working directory. */
    public static Glob ofPath(String glob) {
        String absolute = Path.of(glob).isAbsolute() ? glob : Path.of("").toAbsolutePath() + "/" + glob;
        absolute = absolute.replaceAll("/{2,}", "/");
        String[] segments = absolute.split("/", -1);
        StringBuilder base = new StringBuilder();
        int firstMagic = segments.length;
        for (int i = 1; i < segments.length; i++) {
            if (hasMagic(segments[i])) {
                firstMagic = i;
                break;
            }
        }
        for (int i = 1; i < Math.min(firstMagic, segments.length - 1); i++) {
            base.append('/').append(unescape(segments[i]));
        }
        int depth = 0;
        for (int i = Math.min(firstMagic, segments.length - 1); i < segments.length; i++) {
            depth = segments[i].equals("**") ? Integer.MAX_VALUE : depth == Integer.MAX_VALUE ? depth : depth + 1;
        }
        return new Glob(glob, Pattern.compile(toRegex(absolute)), Path.of(base.length() == 0 ? "/" : base.toString()),
                depth);
    }

    /** A glob for file names only (an exclude without {@code /}). */
    public static Glob ofName(String glob) {
        return new Glob(glob, Pattern.compile(toRegex(glob)), null, 1);
    }

    /** The deepest directory without wildcards: where a walk for this glob starts. */
    public Path base() {
        return base;
    }

    /** How many levels below {@link #base()} a match can be. */
    public int maxDepth() {
        return maxDepth;
    }

    public boolean matches(String pathOrName) {
        return regex.matcher(pathOrName).matches();
    }

    @Override
    public String toString() {
        return text;
    }

    static boolean hasMagic(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String segment) {
        return segment.replaceAll("\\\\(.)", "$1");
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < n) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        re.append("\\\\");
                    }
                }
                case '*' -> {
                    boolean segmentStart = i == 0 || glob.charAt(i - 1) == '/';
                    boolean doubleStar = i + 1 < n && glob.charAt(i + 1) == '*';
                    boolean segmentEnd = i + 2 >= n || glob.charAt(i + 2) == '/';
                    if (doubleStar && segmentStart && segmentEnd) {
                        if (i + 2 < n) {
                            re.append("(?:[^/]*/)*"); // "**/": zero or more directories
                            i += 2;
                        } else {
                            re.append(".*"); // trailing "**": everything below
                            i += 1;
                        }
                    } else if (doubleStar) {
                        re.append(".*");
                        i += 1;
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, close);
                        if (body.startsWith("!")) {
                            body = "^" + body.substring(1);
                        }
                        re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = close;
                    }
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> {
                    if (Character.isLetterOrDigit(c) || c == '/' || c > 127) {
                        re.append(c);
                    } else {
                        re.append('\\').append(c);
                    }
                }
            }
        }
        return re.toString();
    }
}
