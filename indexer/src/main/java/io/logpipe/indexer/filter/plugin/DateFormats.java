package io.logpipe.indexer.filter.plugin;

import java.math.BigDecimal;
import java.text.ParsePosition;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalField;
import java.time.temporal.TemporalQueries;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.indexer.index.JodaPattern;

/**
 * The formats of the {@code date} filter's {@code match}: Joda-Time patterns and the names {@code ISO8601},
 * {@code UNIX}, {@code UNIX_MS}, {@code TAI64N}, each reading a value the way Logstash's plugin does. A format
 * returns null for a value it does not read (or throws {@link DateTimeException} for one out of range); the
 * filter then tries the next. Immutable and thread-safe.
 */
final class DateFormats {
    /** Logstash refuses larger UNIX seconds: such a number is more likely milliseconds given to the wrong format. */
    private static final long MAX_UNIX_SECONDS = Integer.MAX_VALUE;

    private DateFormats() {
    }

    interface DateFormat {
        /** The instant, or null when the value is not in this format; {@code zone} applies when it has none. */
        Instant parse(JsonNode value, ZoneId zone);

        /** Whether {@link #parse} reads the zone (so a per-event {@code timezone} need not be worked out). */
        default boolean usesZone() {
            return false;
        }

        /** Whether the result depends on today's date (a pattern without a year). */
        default boolean usesToday() {
            return false;
        }
    }

    /** @throws IllegalArgumentException for a pattern with a letter that cannot be read */
    static DateFormat of(String format, Locale locale, Clock clock) {
        return switch (format) {
            case "ISO8601" -> new Iso8601();
            case "UNIX" -> new Unix();
            case "UNIX_MS" -> new UnixMillis();
            case "TAI64N" -> new Tai64n();
            default -> new Pattern(JodaPattern.reader(format, locale, LocalDate.now(clock).getYear()), clock);
        };
    }

    /**
     * The instant of a local time in the zone; null in a daylight-saving gap (a time that did not exist there),
     * which Joda-Time, and so Logstash, refuses. In an overlap the earlier offset applies, as in Joda.
     */
    static Instant toInstant(LocalDateTime local, ZoneId zone) {
        if (zone instanceof ZoneOffset offset) {
            return local.toInstant(offset);
        }
        ZoneRules rules = zone.getRules();
        if (!rules.isFixedOffset()) {
            ZoneOffsetTransition transition = rules.getTransition(local);
            if (transition != null && transition.isGap()) {
                return null;
            }
        }
        return local.toInstant(rules.getOffset(local));
    }

    /**
     * Logstash's year for a date whose pattern has none: this year, except that a December date read in January
     * is last year's and a January date read in December is next year's.
     */
    static int guessYear(int month, LocalDate today) {
        if (month == 12 && today.getMonthValue() == 1) {
            return today.getYear() - 1;
        }
        if (month == 1 && today.getMonthValue() == 12) {
            return today.getYear() + 1;
        }
        return today.getYear();
    }

    /** A Joda-Time pattern. */
    private record Pattern(JodaPattern.Reader reader, Clock clock) implements DateFormat {
        @Override
        public Instant parse(JsonNode value, ZoneId zone) {
            if (!value.isTextual()) {
                return null;
            }
            String text = value.textValue();
            ParsePosition position = new ParsePosition(0);
            TemporalAccessor fields = reader.formatter().parseUnresolved(text, position);
            if (fields == null || position.getErrorIndex() >= 0 || position.getIndex() != text.length()) {
                return null;
            }
            ZoneId parsedZone = fields.query(TemporalQueries.zone());
            ZoneId at = parsedZone != null ? parsedZone : zone;
            return toInstant(LocalDateTime.of(date(fields, at), time(fields)), at);
        }

        @Override
        public boolean usesZone() {
            return !reader.hasZone();
        }

        @Override
        public boolean usesToday() {
            return !reader.hasYear();
        }

        private LocalDate date(TemporalAccessor f, ZoneId zone) {
            boolean weekDate = (f.isSupported(IsoFields.WEEK_BASED_YEAR)
                    || f.isSupported(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
                    && !f.isSupported(ChronoField.MONTH_OF_YEAR) && !f.isSupported(ChronoField.DAY_OF_MONTH)
                    && !f.isSupported(ChronoField.DAY_OF_YEAR);
            Integer year = null;
            if (f.isSupported(ChronoField.YEAR)) {
                year = intValue(f, ChronoField.YEAR, 0);
            } else if (f.isSupported(ChronoField.YEAR_OF_ERA)) {
                int yearOfEra = intValue(f, ChronoField.YEAR_OF_ERA, 0);
                year = intValue(f, ChronoField.ERA, 1) == 1 ? yearOfEra : 1 - yearOfEra;
            }
            LocalDate today = year == null ? LocalDate.now(clock.withZone(zone)) : null;
            if (weekDate) {
                int weekYear = f.isSupported(IsoFields.WEEK_BASED_YEAR) ? intValue(f, IsoFields.WEEK_BASED_YEAR, 0)
                        : year != null ? year : today.getYear();
                return LocalDate.of(weekYear, 1, 4)
                        .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, intValue(f, IsoFields.WEEK_OF_WEEK_BASED_YEAR, 1))
                        .with(ChronoField.DAY_OF_WEEK, intValue(f, ChronoField.DAY_OF_WEEK, 1));
            }
            // Without a year, read the date in this year first (so 29 February fails in other years, as in
            // Logstash), then move it to the guessed year.
            int readYear = year != null ? year : today.getYear();
            LocalDate date = f.isSupported(ChronoField.DAY_OF_YEAR)
                    ? LocalDate.ofYearDay(readYear, intValue(f, ChronoField.DAY_OF_YEAR, 1))
                    : LocalDate.of(readYear, intValue(f, ChronoField.MONTH_OF_YEAR, 1),
                            intValue(f, ChronoField.DAY_OF_MONTH, 1));
            return year != null ? date : date.withYear(guessYear(date.getMonthValue(), today));
        }

        /** Day of week ({@code E}, {@code e}) is read but not checked against the date, as in Logstash. */
        private static LocalTime time(TemporalAccessor f) {
            int hour;
            if (f.isSupported(ChronoField.HOUR_OF_DAY)) {
                hour = intValue(f, ChronoField.HOUR_OF_DAY, 0);
            } else if (f.isSupported(ChronoField.CLOCK_HOUR_OF_DAY)) {
                hour = checked(f, ChronoField.CLOCK_HOUR_OF_DAY) % 24;
            } else {
                int halfDayHour = f.isSupported(ChronoField.HOUR_OF_AMPM) ? checked(f, ChronoField.HOUR_OF_AMPM)
                        : f.isSupported(ChronoField.CLOCK_HOUR_OF_AMPM)
                                ? checked(f, ChronoField.CLOCK_HOUR_OF_AMPM) % 12 : 0;
                hour = halfDayHour + 12 * intValue(f, ChronoField.AMPM_OF_DAY, 0);
            }
            return LocalTime.of(hour, intValue(f, ChronoField.MINUTE_OF_HOUR, 0),
                    intValue(f, ChronoField.SECOND_OF_MINUTE, 0), intValue(f, ChronoField.NANO_OF_SECOND, 0));
        }

        private static int intValue(TemporalAccessor f, TemporalField field, int absent) {
            return f.isSupported(field) ? Math.toIntExact(f.getLong(field)) : absent;
        }

        private static int checked(TemporalAccessor f, ChronoField field) {
            return field.checkValidIntValue(f.getLong(field));
        }
    }

    /**
     * What Logstash's {@code ISO8601} reads: {@code yyyy[-MM[-dd]]} optionally followed by {@code T} and
     * {@code HH[:mm[:ss]]} with a fraction after the seconds ({@code .} or {@code ,}, up to nine digits), and the
     * "casual" form with a space, {@code yyyy-MM-dd HH:mm:ss.SSS} (fraction of one to three digits required);
     * either with an optional offset ({@code Z}, {@code +01}, {@code +0100}, {@code +01:00}). Week and ordinal
     * dates are not read.
     */
    private static final class Iso8601 implements DateFormat {
        @Override
        public boolean usesZone() {
            return true;
        }

        @Override
        public Instant parse(JsonNode value, ZoneId zone) {
            return value.isTextual() ? parse(value.textValue(), zone) : null;
        }

        static Instant parse(String s, ZoneId zone) {
            int n = s.length();
            int year = digits(s, 0, 4);
            if (year < 0) {
                return null;
            }
            int month = 1;
            int day = 1;
            int i = 4;
            boolean fullDate = false;
            if (i < n && s.charAt(i) == '-') {
                month = digits(s, i + 1, 2);
                i += 3;
                if (i < n && s.charAt(i) == '-') {
                    day = digits(s, i + 1, 2);
                    i += 3;
                    fullDate = true;
                }
            }
            if (month < 0 || day < 0) {
                return null;
            }
            if (i == n) {
                return toInstant(LocalDate.of(year, month, day).atStartOfDay(), zone);
            }
            boolean casual = s.charAt(i) == ' ';
            if (casual ? !fullDate : s.charAt(i) != 'T') {
                return null;
            }
            int hour = digits(s, i + 1, 2);
            int minute = 0;
            int second = 0;
            int nanos = 0;
            i += 3;
            boolean seconds = false;
            if (i < n && s.charAt(i) == ':') {
                minute = digits(s, i + 1, 2);
                i += 3;
                if (i < n && s.charAt(i) == ':') {
                    second = digits(s, i + 1, 2);
                    i += 3;
                    seconds = true;
                }
            }
            if (hour < 0 || minute < 0 || second < 0) {
                return null;
            }
            boolean fraction = seconds && i < n && (s.charAt(i) == '.' || s.charAt(i) == ',');
            if (casual && !fraction) {
                return null;
            }
            if (fraction) {
                int start = ++i;
                int max = casual ? 3 : 9;
                while (i < n && i - start < max && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    nanos = nanos * 10 + (s.charAt(i++) - '0');
                }
                if (i == start) {
                    return null;
                }
                for (int k = i - start; k < 9; k++) {
                    nanos *= 10;
                }
            }
            ZoneId at = zone;
            if (i < n) {
                char c = s.charAt(i);
                if (c == 'Z' && i + 1 == n) {
                    at = ZoneOffset.UTC;
                    i++;
                } else if (c == '+' || c == '-') {
                    int offsetHours = digits(s, i + 1, 2);
                    i += 3;
                    int offsetMinutes = 0;
                    if (i < n) {
                        offsetMinutes = digits(s, s.charAt(i) == ':' ? i + 1 : i, 2);
                        i += s.charAt(i) == ':' ? 3 : 2;
                    }
                    if (offsetHours < 0 || offsetMinutes < 0) {
                        return null;
                    }
                    int sign = c == '-' ? -1 : 1;
                    at = ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes);
                }
            }
            if (i != n) {
                return null;
            }
            return toInstant(LocalDateTime.of(year, month, day, hour, minute, second, nanos), at);
        }
    }

    /** Seconds since the epoch, a number or its text, with up to millisecond precision. */
    private static final class Unix implements DateFormat {
        @Override
        public Instant parse(JsonNode value, ZoneId zone) {
            if (value.isTextual()) {
                return parse(value.textValue());
            }
            if (value.isIntegralNumber()) {
                if (!value.canConvertToLong() || value.longValue() > MAX_UNIX_SECONDS) {
                    return null;
                }
                return Instant.ofEpochMilli(Math.multiplyExact(value.longValue(), 1000L));
            }
            if (value.isNumber()) {
                BigDecimal seconds = value.decimalValue();
                if (seconds.compareTo(BigDecimal.valueOf(MAX_UNIX_SECONDS)) > 0) {
                    return null;
                }
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
            return null;
        }

        /** {@code [+-]digits[.digits]}; digits past the third of the fraction are ignored, as in Logstash. */
        private static Instant parse(String s) {
            int n = s.length();
            int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
            boolean negative = i == 1 && s.charAt(0) == '-';
            int start = i;
            long seconds = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                seconds = Math.addExact(Math.multiplyExact(seconds, 10L), s.charAt(i++) - '0');
            }
            if (i == start || seconds > MAX_UNIX_SECONDS && !negative) {
                return null;
            }
            long millis = 0;
            if (i < n) {
                if (s.charAt(i) != '.' || i + 1 == n) {
                    return null;
                }
                for (int k = i + 1; k < n; k++) {
                    char c = s.charAt(k);
                    if (c < '0' || c > '9') {
                        return null;
                    }
                    if (k - i <= 3) {
                        millis += (c - '0') * (k - i == 1 ? 100 : k - i == 2 ? 10 : 1);
                    }
                }
            }
            long total = Math.addExact(Math.multiplyExact(seconds, 1000L), millis);
            return Instant.ofEpochMilli(negative ? -total : total);
        }
    }

    /** Milliseconds since the epoch, a number or its text. */
    private static final class UnixMillis implements DateFormat {
        @Override
        public Instant parse(JsonNode value, ZoneId zone) {
            if (value.isTextual()) {
                try {
                    return Instant.ofEpochMilli(Long.parseLong(value.textValue()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (value.isIntegralNumber()) {
                return value.canConvertToLong() ? Instant.ofEpochMilli(value.longValue()) : null;
            }
            return value.isNumber() ? Instant.ofEpochMilli(value.decimalValue().longValue()) : null;
        }
    }

    /**
     * daemontools' TAI64N label: an optional {@code @}, 16 hex digits of TAI seconds (offset by 2^62), 8 of
     * nanoseconds. Converted to UTC as Logstash does, by the 10 seconds TAI was ahead in 1972 (later leap seconds
     * are not counted).
     */
    private static final class Tai64n implements DateFormat {
        @Override
        public Instant parse(JsonNode value, ZoneId zone) {
            if (!value.isTextual()) {
                return null;
            }
            String s = value.textValue();
            int from = s.startsWith("@") ? 1 : 0;
            if (s.length() != from + 24) {
                return null;
            }
            long seconds = hex(s, from, 16);
            long nanos = hex(s, from + 16, 8);
            if (seconds == -1 || nanos < 0 || nanos > 999_999_999) {
                return null;
            }
            return Instant.ofEpochSecond((seconds & ((1L << 62) - 1)) - 10, nanos);
        }

        /** Unsigned; -1 (all ones, not a TAI64 label in use) for a non-hex digit. */
        private static long hex(String s, int from, int count) {
            long value = 0;
            for (int i = from; i < from + count; i++) {
                int digit = Character.digit(s.charAt(i), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value << 4 | digit;
            }
            return value;
        }
    }

    /** A non-negative number of exactly {@code count} digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
