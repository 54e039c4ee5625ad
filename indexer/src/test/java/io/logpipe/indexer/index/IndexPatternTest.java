package io.logpipe.indexer.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Logstash sprintf: {@code %{+joda}}, {@code %{field}}, {@code %{[a][b]}}, missing fields. */
class IndexPatternTest {
    private static final Instant NOV_24 = Instant.parse("2026-11-24T10:15:30.123Z");

    private static String format(String pattern, Instant at, Map<List<String>, String> values) {
        IndexPattern compiled = IndexPattern.compile(pattern);
        return compiled.format(at, i -> values.get(compiled.fields().get(i)));
    }

    @Test
    void upperCaseYearIsTheCalendarYearAsInJodaNotTheWeekYear() {
        assertEquals("logstash-2026.11.24", format("logstash-%{+YYYY.MM.dd}", NOV_24, Map.of()));
        // Week-based years differ from the calendar year here (2026-12-28 is in week 1 of 2027 by US weeks,
        // 2027-01-01 in ISO week 53 of 2026): java.time's YYYY would print the wrong year for one of them.
        assertEquals("logstash-2026.12.28", format("logstash-%{+YYYY.MM.dd}", Instant.parse("2026-12-28T12:00:00Z"), Map.of()));
        assertEquals("logstash-2027.01.01", format("logstash-%{+YYYY.MM.dd}", Instant.parse("2027-01-01T00:00:00Z"), Map.of()));
    }

    @Test
    void lowerCaseYearGivesTheSameDailyName() {
        assertEquals("logstash-2026.11.24", format("logstash-%{+yyyy.MM.dd}", NOV_24, Map.of()));
        assertEquals("2026.12.31", format("%{+yyyy.MM.dd}", Instant.parse("2026-12-31T23:59:59.999Z"), Map.of()));
    }

    @Test
    void dateIsTakenInUtc() {
        // 00:30 at +01:00 is still the 23rd in UTC; the caller hands the instant, the pattern prints UTC.
        assertEquals("2026.11.23", format("%{+YYYY.MM.dd}", Instant.parse("2026-11-23T23:30:00Z"), Map.of()));
    }

    @Test
    void fieldReferencesReadTopLevelAndNestedFields() {
        Map<List<String>, String> values = Map.of(List.of("type"), "nginx", List.of("fields", "app"), "shop");
        assertEquals("nginx-2026.11.24", format("%{type}-%{+YYYY.MM.dd}", NOV_24, values));
        assertEquals("logs-shop-2026.11", format("logs-%{[fields][app]}-%{+YYYY.MM}", NOV_24, values));
    }

    @Test
    void aMissingFieldLeavesTheReferenceAsWritten() {
        assertEquals("%{type}-2026.11.24", format("%{type}-%{+YYYY.MM.dd}", NOV_24, Map.of()));
        assertEquals("logs-%{[fields][app]}", format("logs-%{[fields][app]}", NOV_24, Map.of()));
    }

    @Test
    void aDotInAPlainReferenceIsPartOfTheFieldName() {
        IndexPattern pattern = IndexPattern.compile("%{fields.app}/%{[a][b][c]}");
        assertEquals(List.of(List.of("fields.app"), List.of("a", "b", "c")), pattern.fields());
    }

    @Test
    void epochSecondsIsoWeekAndJavaTimeFormsAreSupported() {
        assertEquals("1795515330", format("%{+%s}", NOV_24, Map.of()));
        assertEquals("2026-w48", format("%{+xxxx}-w%{+ww}", NOV_24, Map.of()));
        assertEquals("2026.11.24-10", format("%{{yyyy.MM.dd}}-%{+HH}", NOV_24, Map.of()));
        assertEquals("26-Nov-Tue-328", format("%{+YY-MMM-EEE-DDD}", NOV_24, Map.of()));
        assertEquals("at 10 o'clock", format("%{+'at' HH 'o''clock'}", NOV_24, Map.of()));
    }

    @Test
    void onlyDayOrCoarserPatternsWithoutFieldsAreCacheablePerDay() {
        assertTrue(IndexPattern.compile("logstash-%{+YYYY.MM.dd}").dayGranular());
        assertFalse(IndexPattern.compile("logstash-%{+YYYY.MM.dd.HH}").dayGranular());
        assertFalse(IndexPattern.compile("%{type}-%{+YYYY.MM.dd}").dayGranular());
        assertEquals("logstash-", IndexPattern.compile("logstash-%{+YYYY.MM.dd}").literalPrefix());
        assertEquals("", IndexPattern.compile("%{type}-x").literalPrefix());
    }

    @Test
    void malformedPatternsAreRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> IndexPattern.compile("logstash-%{+YYYY.MM.dd"));
        assertThrows(IllegalArgumentException.class, () -> IndexPattern.compile("logstash-%{+YYYY.qq}"));
        assertThrows(IllegalArgumentException.class, () -> IndexPattern.compile("logstash-%{[a]b}"));
    }
}
