package io.logpipe.indexer.index;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalField;
import java.util.Locale;

/**
 * Translates a Joda-Time pattern (what Logstash's {@code %{+...}} takes) into a {@link DateTimeFormatter} in UTC.
 *
 * <p>Why not {@link DateTimeFormatter#ofPattern}: the letters mean different things. Joda's {@code Y} is the year
 * of era, java.time's {@code Y} is the week-based year, so {@code %{+YYYY.MM.dd}} read as java.time would file
 * the last days of December under the next year. Joda's {@code x} (week year), {@code w} (ISO week) and
 * {@code e} (ISO day of week) map to ISO fields, independent of the locale. Joda's {@code C} (century) is not
 * supported: the pattern is refused at start-up.
 */
final class JodaPattern {
    private JodaPattern() {
    }

    /** The result and whether it depends on nothing finer than the day (so it can be cached per day). */
    record Compiled(DateTimeFormatter formatter, boolean dateOnly) {
    }

    static Compiled compile(String pattern) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        boolean dateOnly = true;
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
                b.appendLiteral(literal.toString());
                i = end + 1;
                continue;
            }
            if (!isLetter(c)) {
                b.appendLiteral(c);
                i++;
                continue;
            }
            int count = 1;
            while (i + count < n && pattern.charAt(i + count) == c) {
                count++;
            }
            dateOnly &= appendField(b, c, count, pattern);
            i += count;
        }
        return new Compiled(b.toFormatter(Locale.ENGLISH).withZone(ZoneOffset.UTC), dateOnly);
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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
