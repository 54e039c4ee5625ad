package io.logpipe.indexer.filter.plugin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.Filter;
import io.logpipe.indexer.filter.Template;
import io.logpipe.indexer.index.Timestamps;

/**
 * Logstash's {@code date} filter: reads a field with the first of the {@code match} formats that fits and writes
 * the instant to {@code target} ({@code @timestamp} by default) as ISO-8601 UTC with milliseconds.
 *
 * <p>Choices where Logstash takes the platform's: without {@code timezone} a date with no zone of its own is read
 * in UTC (what a server in Kubernetes has), and without {@code locale} month and day names are read in English
 * (Logstash falls back to English as well when the platform's language is another).
 *
 * <p>Each worker thread remembers the last text it read and its result: consecutive lines of an access log share
 * their second, so most events cost one string comparison. A pattern without a year depends on today's date, so
 * its remembered result is kept for the same day only; a per-event {@code timezone} is not remembered.
 */
public final class DateFilter implements Filter {
    private static final long DAY_MILLIS = 86_400_000L;

    private final FieldRef source;
    private final FieldRef target;
    private final DateFormats.DateFormat[] formats;
    private final ZoneId zone;
    private final Template zoneTemplate;
    private final String[] tagOnFailure;
    private final boolean usesToday;
    private final Clock clock;
    private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);

    /** The last text a thread read and what it wrote for it. */
    private static final class Last {
        String text;
        long day;
        TextNode result;
    }

    public DateFilter(Options options) {
        this(options, Clock.systemUTC());
    }

    DateFilter(Options options, Clock clock) {
        this.clock = clock;
        List<String> match = options.strings("match");
        if (match.size() < 2) {
            throw options.error("match", "match needs a field name followed by at least one format, as in "
                    + "[\"logdate\", \"MMM dd yyyy HH:mm:ss\", \"ISO8601\"]; it has " + match.size() + " value"
                    + (match.size() == 1 ? "" : "s"));
        }
        source = FieldRef.option(options, "match", match.get(0));
        target = FieldRef.option(options, "target", options.string("target", "@timestamp"));
        Locale locale = locale(options);
        String timezone = options.string("timezone").orElse(null);
        if (timezone != null && timezone.contains("%{")) {
            zone = null;
            try {
                zoneTemplate = Template.compile(timezone);
            } catch (IllegalArgumentException e) {
                throw options.error("timezone", e.getMessage());
            }
        } else {
            zoneTemplate = null;
            zone = timezone == null ? ZoneOffset.UTC : zone(options, timezone);
        }
        tagOnFailure = options.has("tag_on_failure") ? options.strings("tag_on_failure").toArray(String[]::new)
                : new String[] {"_dateparsefailure"};
        Ast.Value matchValue = options.value("match").orElseThrow();
        List<DateFormats.DateFormat> compiled = new ArrayList<>();
        for (int i = 1; i < match.size(); i++) {
            try {
                compiled.add(DateFormats.of(match.get(i), locale, clock));
            } catch (IllegalArgumentException e) {
                Ast.Value at = matchValue instanceof Ast.Array array ? array.values().get(i) : matchValue;
                throw options.error(at, e.getMessage());
            }
        }
        formats = compiled.toArray(DateFormats.DateFormat[]::new);
        usesToday = compiled.stream().anyMatch(DateFormats.DateFormat::usesToday);
    }

    @Override
    public boolean filter(Event event) {
        JsonNode value = event.get(source);
        if (value == null || value.isNull()) {
            return false;
        }
        if (zoneTemplate != null || !value.isTextual()) {
            Instant instant = parse(value, event);
            return instant == null ? failed(event) : written(event, TextNode.valueOf(Timestamps.format(instant)));
        }
        String text = value.textValue();
        long day = usesToday ? clock.millis() / DAY_MILLIS : 0;
        Last remembered = last.get();
        if (text.equals(remembered.text) && day == remembered.day) {
            return written(event, remembered.result);
        }
        Instant instant = parse(value, event);
        if (instant == null) {
            return failed(event);
        }
        remembered.text = text;
        remembered.day = day;
        remembered.result = TextNode.valueOf(Timestamps.format(instant));
        return written(event, remembered.result);
    }

    private Instant parse(JsonNode value, Event event) {
        ZoneId at = zone;
        boolean zoneKnown = zone != null;
        for (DateFormats.DateFormat format : formats) {
            if (format.usesZone() && !zoneKnown) {
                at = eventZone(event);
                zoneKnown = true;
            }
            if (format.usesZone() && at == null) {
                continue;
            }
            try {
                Instant instant = format.parse(value, at);
                if (instant != null) {
                    return instant;
                }
            } catch (DateTimeException | ArithmeticException e) {
                // out of range for this format: try the next
            }
        }
        return null;
    }

    /** The per-event zone; null (no format that needs it can succeed) when it names no zone. */
    private ZoneId eventZone(Event event) {
        try {
            return ZoneId.of(zoneTemplate.format(event));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private boolean written(Event event, TextNode time) {
        event.set(target, time);
        return true;
    }

    private boolean failed(Event event) {
        for (String tag : tagOnFailure) {
            event.tag(tag);
        }
        return false;
    }

    /** Joda's ids: a region ({@code America/New_York}), {@code UTC}, or an offset ({@code +01:00}, {@code -0700}). */
    private static ZoneId zone(Options options, String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw options.error("timezone", "unknown time zone " + timezone
                    + "; give a region id such as America/New_York, UTC, or an offset such as +01:00");
        }
    }

    /** BCP 47 ({@code en}, {@code en-US}) or POSIX ({@code en_US}), as Logstash accepts. */
    private static Locale locale(Options options) {
        String tag = options.string("locale").orElse(null);
        if (tag == null) {
            return Locale.ENGLISH;
        }
        Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
        boolean known = !locale.getLanguage().isEmpty() && Arrays.stream(Locale.getAvailableLocales())
                .anyMatch(available -> available.getLanguage().equals(locale.getLanguage()));
        if (!known) {
            throw options.error("locale", "unknown locale " + tag + "; give a language tag such as en or en-US");
        }
        return locale;
    }
}
