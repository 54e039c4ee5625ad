package io.logpipe.indexer.index;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates a Joda-Time pattern (what Logstash's {@code %{+...}} and its {@code date} filter take) into a
 * {@link DateTimeFormatter}: {@link #compile} for printing an index name in UTC, {@link #reader} for reading dates.
 *
 * <p>Why not {@link DateTimeFormatter#ofPattern}: the letters mean different things. Joda's {@code Y} is the year
 * of era, java.time's {@code Y} is the week-based year, so {@code %{+YYYY.MM.dd}} read as java.time would file
 * the last days of December under the next year. Joda's {@code x} (week year), {@code w} (ISO week) and
 * {@code e} (ISO day of week) map to ISO fields, independent of the locale. Joda's {@code C} (century) is not
 * supported: the pattern is refused at start-up.
 */
public final class JodaPattern {
    private JodaPattern() {
    }

    /** The result and whether it depends on nothing finer than the day (so it can be cached per day). */
    record Compiled(DateTimeFormatter formatter, boolean dateOnly) {
    }

    /**
     * A pattern compiled for reading. The formatter is meant for {@code parseUnresolved}: it reads fields as Joda
     * does and leaves combining them (and the year when the pattern has none) to the caller.
     */
    public record Reader(DateTimeFormatter formatter, boolean hasYear, boolean hasZone) {
    }

    /** One run of a pattern letter, or literal text (letter 0). */
    private record Token(char letter, int count, String literal) {
        boolean numeric() {
            return switch (letter) {
                case 'C', 'x', 'y', 'Y', 'd', 'h', 'H', 'k', 'K', 'm', 's', 'S', 'e', 'D', 'w' -> true;
                case 'M' -> count <= 2;
                default -> false;
            };
        }
    }

    static Compiled compile(String pattern) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        boolean dateOnly = true;
        for (Token token : tokens(pattern)) {
            if (token.letter() == 0) {
                b.appendLiteral(token.literal());
            } else {
                dateOnly &= appendField(b, token.letter(), token.count(), pattern);
            }
        }
        return new Compiled(b.toFormatter(Locale.ENGLISH).withZone(ZoneOffset.UTC), dateOnly);
    }

    /**
     * Compiles a pattern for reading dates the way Joda-Time's parser (and so Logstash's date filter) reads them:
     * numbers take one digit up to their natural width (a year up to nine, or exactly its letters when a number
     * follows), {@code yy} is the century around {@code currentYear} (80 years back, 19 ahead), month and day
     * names match in full or short form in any case, literals match in any case, {@code Z} and {@code ZZ} read
     * {@code Z}, {@code -0700}, {@code -07:00} or {@code -07}, {@code ZZZ} reads a zone id.
     *
     * @throws IllegalArgumentException for an unknown letter, for {@code C} and for {@code z} (zone names cannot
     *         be read, as the Logstash documentation says)
     */
    public static Reader reader(String pattern, Locale locale, int currentYear) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        List<Token> tokens = tokens(pattern);
        boolean hasYear = false;
        boolean hasZone = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            char c = token.letter();
            int count = token.count();
            boolean numberFollows = i + 1 < tokens.size() && tokens.get(i + 1).numeric();
            switch (c) {
                case 0 -> b.appendLiteral(token.literal());
                case 'y', 'Y', 'x' -> {
                    hasYear = true;
                    TemporalField field = c == 'y' ? ChronoField.YEAR
                            : c == 'Y' ? ChronoField.YEAR_OF_ERA : IsoFields.WEEK_BASED_YEAR;
                    if (count == 2) {
                        // Joda reads other than two digits as the year itself unless a number follows.
                        b.appendValueReduced(field, 2, numberFollows ? 2 : 9, currentYear - 80);
                    } else {
                        b.appendValue(field, 1, numberFollows ? Math.max(count, 1) : 9, SignStyle.NORMAL);
                    }
                }
                case 'M' -> {
                    if (count >= 3) {
                        text(b, ChronoField.MONTH_OF_YEAR);
                    } else {
                        digits(b, ChronoField.MONTH_OF_YEAR, 2);
                    }
                }
                case 'd' -> digits(b, ChronoField.DAY_OF_MONTH, 2);
                case 'D' -> digits(b, ChronoField.DAY_OF_YEAR, 3);
                case 'w' -> digits(b, IsoFields.WEEK_OF_WEEK_BASED_YEAR, 2);
                case 'e' -> digits(b, ChronoField.DAY_OF_WEEK, 1);
                case 'E' -> text(b, ChronoField.DAY_OF_WEEK);
                case 'G' -> text(b, ChronoField.ERA);
                case 'a' -> text(b, ChronoField.AMPM_OF_DAY);
                case 'H' -> digits(b, ChronoField.HOUR_OF_DAY, 2);
                case 'k' -> digits(b, ChronoField.CLOCK_HOUR_OF_DAY, 2);
                case 'K' -> digits(b, ChronoField.HOUR_OF_AMPM, 2);
                case 'h' -> digits(b, ChronoField.CLOCK_HOUR_OF_AMPM, 2);
                case 'm' -> digits(b, ChronoField.MINUTE_OF_HOUR, 2);
                case 's' -> digits(b, ChronoField.SECOND_OF_MINUTE, 2);
                case 'S' -> b.appendFraction(ChronoField.NANO_OF_SECOND, 1, Math.min(count, 9), false);
                case 'Z' -> {
                    hasZone = true;
                    if (count >= 3) {
                        b.appendZoneId();
                    } else {
                        // Lenient: the colon and the minutes are optional, as in Joda.
                        b.parseLenient().appendOffset("+HH", "Z").parseStrict();
                    }
                }
                case 'z' -> throw new IllegalArgumentException("time zone names (z) cannot be parsed in date pattern \""
                        + pattern + "\"; use Z (-0700), ZZ (-07:00) or ZZZ (America/Los_Angeles)");
                default -> throw new IllegalArgumentException(
                        "Illegal pattern component '" + c + "' in date pattern \"" + pattern + '"');
            }
        }
        return new Reader(b.toFormatter(locale), hasYear, hasZone);
    }

    /**
     * A regular expression for every text {@link #compile} prints for {@code pattern}, and a little more (numbers
     * of any width, names of any length): where a printed date starts and ends inside a longer name, so that
     * {@link #reader} can read it back.
     */
    public static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (Token token : tokens(pattern)) {
            char c = token.letter();
            if (c == 0) {
                regex.append(java.util.regex.Pattern.quote(token.literal()));
            } else if (token.numeric()) {
                regex.append("[0-9]+");
            } else if (c == 'Z' || c == 'z') {
                regex.append(java.util.regex.Pattern.quote(c == 'Z' && token.count() == 1 ? "+0000"
                        : c == 'Z' && token.count() == 2 ? "+00:00" : "UTC"));
            } else {
                regex.append("\\p{L}+\\.?");
            }
        }
        return regex.toString();
    }

    /** Splits a pattern into letter runs and literal text ({@code 'quoted'}, {@code ''} for a quote, other signs). */
    private static List<Token> tokens(String pattern) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                StringBuilder literal = new StringBuilder();
                while (end < n) {
                    char d = pattern.charAt(end);
                    if (d == '\'') {
                        if (end + 1 < n && pattern.charAt(end + 1) == '\'') {
                            literal.append('\'');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    literal.append(d);
                    end++;
                }
                if (end == i + 1 && end < n) {
                    literal.append('\''); // '' outside a quoted run is one quote
                }
                tokens.add(new Token((char) 0, 0, literal.toString()));
                i = end + 1;
                continue;
            }
            if (!isLetter(c)) {
                tokens.add(new Token((char) 0, 0, String.valueOf(c)));
                i++;
                continue;
            }
            int count = 1;
            while (i + count < n && pattern.charAt(i + count) == c) {
                count++;
            }
            tokens.add(new Token(c, count, null));
            i += count;
        }
        return tokens;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Joda reads a number of one digit up to the field's natural width, whatever the number of letters. */
    private static void digits(DateTimeFormatterBuilder b, TemporalField field, int width) {
        b.appendValue(field, 1, width, SignStyle.NOT_NEGATIVE);
    }

    /** Joda reads a name in its full or short form: java.time's lenient text parsing tries every style. */
    private static void text(DateTimeFormatterBuilder b, TemporalField field) {
        b.parseLenient().appendText(field, TextStyle.FULL).parseStrict();
    }

    /** Appends one run of {@code count} letters {@code c}; returns whether it is a date (not time-of-day) field. */
    private static boolean appendField(DateTimeFormatterBuilder b, char c, int count, String pattern) {
        switch (c) {
            case 'G':
                b.appendPattern(count >= 4 ? "GGGG" : "G");
                return true;
            case 'Y':
                year(b, ChronoField.YEAR_OF_ERA, count);
                return true;
            case 'y':
                year(b, ChronoField.YEAR, count);
                return true;
            case 'x':
                year(b, IsoFields.WEEK_BASED_YEAR, count);
                return true;
            case 'w':
                number(b, IsoFields.WEEK_OF_WEEK_BASED_YEAR, count, 2);
                return true;
            case 'e':
                number(b, ChronoField.DAY_OF_WEEK, count, 1);
                return true;
            case 'E':
                b.appendPattern(count >= 4 ? "EEEE" : "EEE");
                return true;
            case 'D':
                number(b, ChronoField.DAY_OF_YEAR, count, 3);
                return true;
            case 'M':
                if (count >= 3) {
                    b.appendPattern(count >= 4 ? "MMMM" : "MMM");
                } else {
                    number(b, ChronoField.MONTH_OF_YEAR, count, 2);
                }
                return true;
            case 'd':
                number(b, ChronoField.DAY_OF_MONTH, count, 2);
                return true;
            case 'a':
                b.appendPattern("a");
                return false;
            case 'K':
                number(b, ChronoField.HOUR_OF_AMPM, count, 2);
                return false;
            case 'h':
                number(b, ChronoField.CLOCK_HOUR_OF_AMPM, count, 2);
                return false;
            case 'H':
                number(b, ChronoField.HOUR_OF_DAY, count, 2);
                return false;
            case 'k':
                number(b, ChronoField.CLOCK_HOUR_OF_DAY, count, 2);
                return false;
            case 'm':
                number(b, ChronoField.MINUTE_OF_HOUR, count, 2);
                return false;
            case 's':
                number(b, ChronoField.SECOND_OF_MINUTE, count, 2);
                return false;
            case 'S':
                b.appendFraction(ChronoField.NANO_OF_SECOND, count, count, false);
                return false;
            case 'z':
            case 'Z':
                // Always UTC: Joda prints Z as +0000, ZZ as +00:00, ZZZ and z as the zone's name.
                b.appendLiteral(c == 'Z' && count == 1 ? "+0000" : c == 'Z' && count == 2 ? "+00:00" : "UTC");
                return true;
            default:
                throw new IllegalArgumentException("Illegal pattern component '" + c + "' in date pattern \"" + pattern + '"');
        }
    }

    /** At least {@code count} digits (zero-padded), as many as the value needs. */
    private static void number(DateTimeFormatterBuilder b, TemporalField field, int count, int naturalWidth) {
        b.appendValue(field, count, Math.max(count, naturalWidth), SignStyle.NOT_NEGATIVE);
    }

    /** Joda: two letters print the last two digits; more print at least that many digits. */
    private static void year(DateTimeFormatterBuilder b, TemporalField field, int count) {
        if (count == 2) {
            b.appendValueReduced(field, 2, 2, 2000);
        } else {
            b.appendValue(field, count, 10, SignStyle.NORMAL);
        }
    }
}
