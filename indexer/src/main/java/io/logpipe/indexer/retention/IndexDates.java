package io.logpipe.indexer.retention;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.TemporalField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpipe.indexer.index.IndexPattern;
import io.logpipe.indexer.index.IndexPattern.Segment;
import io.logpipe.indexer.index.JodaPattern;

/**
 * Reads back, from an index name, the time span of the events the index pattern put there: {@code logstash-2026.11.24}
 * under {@code logstash-%{+YYYY.MM.dd}} holds the events of 24 November 2026 (UTC), {@code weblogs-2026.11} under
 * {@code weblogs-%{+YYYY.MM}} those of the whole month.
 *
 * <p>Why the name and not the index's creation date or its newest document: the name is what the pattern wrote
 * from the events' own {@code @timestamp}, it is the same on Elasticsearch and OpenSearch, and it costs one
 * listing, not a query per index. Why a name must read back to exactly itself: an index that this pattern did
 * not make (a restored copy {@code logstash-2026.11.24-restored}, {@code logstash-archive}, a hand-made
 * {@code logstash-2026.11.5}) must never be taken for one that it did.
 *
 * <p>{@code %{field}} parts match any text: every index the pattern could have written for some field value is
 * a candidate. Immutable and thread-safe.
 */
public final class IndexDates {
    /** Times the start-up check prints and reads back: an afternoon (a pattern with hours fails), a year's edge. */
    private static final List<Instant> PROBES = List.of(Instant.parse("2026-03-17T13:45:30Z"),
            Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2024-12-30T08:00:00Z"));

    /** The span of events one index holds, {@code [start, end)} in UTC days. */
    record Span(LocalDate start, LocalDate end) {
    }

    private record DatePart(String format, IndexPattern printer) {
    }

    private final String pattern;
    private final String glob;
    private final Pattern names;
    private final List<DatePart> dates;

    private IndexDates(String pattern, String glob, Pattern names, List<DatePart> dates) {
        this.pattern = pattern;
        this.glob = glob;
        this.names = names;
        this.dates = dates;
    }

    /**
     * @throws IllegalArgumentException with the reason when names of this pattern do not tell the time of their
     *         events: no {@code %{+...}} date, a java.time {@code %{{...}}} or epoch {@code %{+%s}} date, no year,
     *         a time of day, or any date that does not read back to the name it came from
     */
    public static IndexDates of(String pattern) {
        IndexPattern compiled = IndexPattern.compile(pattern);
        StringBuilder glob = new StringBuilder();
        StringBuilder regex = new StringBuilder();
        List<DatePart> dates = new ArrayList<>();
        for (Segment segment : compiled.segments()) {
            switch (segment.kind()) {
                case LITERAL -> {
                    glob.append(segment.text().toLowerCase(Locale.ROOT));
                    regex.append(Pattern.quote(segment.text().toLowerCase(Locale.ROOT)));
                }
                case FIELD -> {
                    wildcard(glob);
                    regex.append(".*");
                }
                case JODA_DATE -> {
                    wildcard(glob);
                    regex.append('(').append(JodaPattern.regex(segment.text())).append(')');
                    dates.add(new DatePart(segment.text(), IndexPattern.compile("%{+" + segment.text() + "}")));
                }
                case JAVA_DATE -> throw new IllegalArgumentException("the index pattern \"" + pattern + "\" has a "
                        + "java.time date (%{{" + segment.text() + "}}): retention reads back the Joda-style dates of "
                        + "%{+FORMAT} only (%{+" + segment.text() + "} writes the same when the letters mean the same)");
                case EPOCH_SECOND -> throw new IllegalArgumentException("the index pattern \"" + pattern
                        + "\" has an epoch-second part (" + segment.text() + "): retention deletes indices by day, "
                        + "week, month or year");
            }
        }
        if (dates.isEmpty()) {
            throw new IllegalArgumentException("the index pattern \"" + pattern + "\" has no date (%{+YYYY.MM.dd}), "
                    + "so index names do not tell how old their events are");
        }
        IndexDates result = new IndexDates(pattern, glob.toString(),
                Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), List.copyOf(dates));
        for (Instant probe : PROBES) {
            String name = compiled.format(probe, field -> "f").toLowerCase(Locale.ROOT);
            Optional<Span> span = result.span(name);
            if (span.isEmpty() || !span.get().start().atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(probe.plusNanos(1))
                    || !span.get().end().atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(probe)) {
                throw new IllegalArgumentException("the index pattern \"" + pattern + "\" writes " + name + " for "
                        + probe + ", and retention cannot read that back into a day, week, month or year (the "
                        + "%{+...} date needs a year, and nothing finer than a day)");
            }
        }
        return result;
    }

    private static void wildcard(StringBuilder glob) {
        if (glob.isEmpty() || glob.charAt(glob.length() - 1) != '*') {
            glob.append('*');
        }
    }

    /** The wildcard expression that every name of this pattern matches (and others too): what to list. */
    public String glob() {
        return glob;
    }

    /**
     * The first instant after every event {@code index} can hold, or empty when the pattern did not write this
     * name (left alone by retention).
     */
    public Optional<Instant> end(String index) {
        return span(index).map(span -> span.end().atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    Optional<Span> span(String index) {
        Matcher m = names.matcher(index);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<TemporalField, Long> fields = new HashMap<>();
        for (int i = 0; i < dates.size(); i++) {
            if (!read(dates.get(i).format(), m.group(i + 1), fields)) {
                return Optional.empty();
            }
        }
        Optional<Span> span;
        try {
            span = span(fields);
        } catch (DateTimeException e) {
            return Optional.empty(); // 2026.02.30, week 54
        }
        // Exactly the text the pattern writes for that span: 2026.1.5 is not 2026.01.05, nor is 2026.11 Mon.
        Instant start = span.map(s -> s.start().atStartOfDay(ZoneOffset.UTC).toInstant()).orElse(null);
        for (int i = 0; start != null && i < dates.size(); i++) {
            if (!dates.get(i).printer().format(start, field -> null).equalsIgnoreCase(m.group(i + 1))) {
                return Optional.empty();
            }
        }
        return span;
    }

    /** Adds what {@code text} says to {@code fields}; false when it cannot be read or contradicts them. */
    private static boolean read(String format, String text, Map<TemporalField, Long> fields) {
        JodaPattern.Reader reader = JodaPattern.reader(format, Locale.ENGLISH, LocalDate.now(ZoneOffset.UTC).getYear());
        ParsePosition position = new ParsePosition(0);
        TemporalAccessor parsed = reader.formatter().parseUnresolved(text, position);
        if (parsed == null || position.getErrorIndex() >= 0 || position.getIndex() != text.length()) {
            return false;
        }
        for (ChronoField field : ChronoField.values()) {
            if (parsed.isSupported(field) && !merge(fields, field, parsed.getLong(field))) {
                return false;
            }
        }
        for (TemporalField field : List.of(IsoFields.WEEK_BASED_YEAR, IsoFields.WEEK_OF_WEEK_BASED_YEAR)) {
            if (parsed.isSupported(field) && !merge(fields, field, parsed.getLong(field))) {
                return false;
            }
        }
        return true;
    }

    private static boolean merge(Map<TemporalField, Long> fields, TemporalField field, long value) {
        Long before = fields.putIfAbsent(field, value);
        return before == null || before == value;
    }

    /**
     * The span the fields name: a day (year, month and day; year and day of year; week year, week and day of
     * week), an ISO week, a month or a year. Other combinations (no year, a week with a calendar year) name none.
     */
    static Optional<Span> span(Map<TemporalField, Long> f) {
        Long year = f.containsKey(ChronoField.YEAR) ? f.get(ChronoField.YEAR) : f.get(ChronoField.YEAR_OF_ERA);
        if (f.containsKey(ChronoField.ERA) && f.get(ChronoField.ERA) != 1) {
            return Optional.empty();
        }
        Long month = f.get(ChronoField.MONTH_OF_YEAR);
        Long day = f.get(ChronoField.DAY_OF_MONTH);
        Long dayOfYear = f.get(ChronoField.DAY_OF_YEAR);
        Long weekYear = f.get(IsoFields.WEEK_BASED_YEAR);
        Long week = f.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        Long dayOfWeek = f.get(ChronoField.DAY_OF_WEEK);
        if (year != null && weekYear == null && week == null) {
            if (month != null && day != null) {
                return day(LocalDate.of(Math.toIntExact(year), Math.toIntExact(month), Math.toIntExact(day)));
            }
            if (dayOfYear != null && month == null) {
                return day(LocalDate.ofYearDay(Math.toIntExact(year), Math.toIntExact(dayOfYear)));
            }
            if (month != null && dayOfYear == null) {
                LocalDate first = LocalDate.of(Math.toIntExact(year), Math.toIntExact(month), 1);
                return Optional.of(new Span(first, first.plusMonths(1)));
            }
            if (month == null && dayOfYear == null && dayOfWeek == null) {
                LocalDate first = LocalDate.of(Math.toIntExact(year), 1, 1);
                return Optional.of(new Span(first, first.plusYears(1)));
            }
            return Optional.empty();
        }
        if (weekYear != null && week != null && year == null && month == null && day == null && dayOfYear == null) {
            long weeks = IsoFields.WEEK_OF_WEEK_BASED_YEAR.range().getMaximum();
            LocalDate monday = LocalDate.of(Math.toIntExact(weekYear), 1, 4)
                    .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Math.min(week, weeks))
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != week) {
                return Optional.empty(); // week 53 of a year of 52
            }
            if (dayOfWeek != null) {
                return day(monday.plusDays(dayOfWeek - 1));
            }
            return Optional.of(new Span(monday, monday.plusWeeks(1)));
        }
        return Optional.empty();
    }

    private static Optional<Span> day(LocalDate day) {
        return Optional.of(new Span(day, day.plusDays(1)));
    }

    @Override
    public String toString() {
        return pattern;
    }
}
