package io.logpipe.indexer.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reading an index name back into the span of events its pattern put there, and refusing what cannot be read. */
class IndexDatesTest {

    private static Optional<IndexDates.Span> span(String pattern, String index) {
        return IndexDates.of(pattern).span(index);
    }

    private static IndexDates.Span days(String start, String end) {
        return new IndexDates.Span(LocalDate.parse(start), LocalDate.parse(end));
    }

    @Test
    void theDefaultDailyNameIsItsDay() {
        IndexDates dates = IndexDates.of("logstash-%{+YYYY.MM.dd}");
        assertEquals("logstash-*", dates.glob());
        assertEquals(Optional.of(days("2026-11-24", "2026-11-25")), dates.span("logstash-2026.11.24"));
        assertEquals(Optional.of(Instant.parse("2026-11-25T00:00:00Z")), dates.end("logstash-2026.11.24"));
        assertEquals(Optional.of(days("2026-12-31", "2027-01-01")), dates.span("logstash-2026.12.31"),
                "YYYY is the calendar year (Joda), not the week year");
    }

    @Test
    void namesThePatternDidNotWriteAreLeftAlone() {
        IndexDates dates = IndexDates.of("logstash-%{+YYYY.MM.dd}");
        for (String other : new String[] { "logstash-archive", "logstash-2026.11.24-restored", "logstash-2026.11.5",
                "logstash-2026.1.05", "logstash-2026.13.01", "logstash-2026.02.30", "logstash-20261124",
                "logstash-2026.11", "logstash-", "logstash-02026.11.24", "restored-logstash-2026.11.24",
                "logstash-2026.11.24.1", "logstash-%{+yyyy.mm.dd}" }) {
            assertEquals(Optional.empty(), dates.span(other), other);
        }
    }

    @Test
    void weeksMonthsAndYearsSpanTheirWholePeriod() {
        assertEquals(Optional.of(days("2026-11-01", "2026-12-01")), span("weblogs-%{+YYYY.MM}", "weblogs-2026.11"));
        assertEquals(Optional.of(days("2026-01-01", "2027-01-01")), span("yearly-%{+YYYY}", "yearly-2026"));
        // ISO week 1 of 2026 starts on Monday 29 December 2025.
        assertEquals(Optional.of(days("2025-12-29", "2026-01-05")), span("weekly-%{+xxxx.ww}", "weekly-2026.01"));
        assertEquals(Optional.empty(), span("weekly-%{+xxxx.ww}", "weekly-2026.54"));
        assertEquals(Optional.of(days("2026-11-24", "2026-11-25")), span("doy-%{+YYYY.DDD}", "doy-2026.328"));
    }

    @Test
    void lowercasedMonthNamesAndTwoDigitYearsReadBack() {
        assertEquals(Optional.of(days("2026-11-24", "2026-11-25")), span("App-%{+dd-MMM-yy}", "app-24-nov-26"));
        assertEquals(Optional.empty(), span("App-%{+dd-MMM-yy}", "app-24-november-26"), "MMM writes nov");
        assertEquals("app-*", IndexDates.of("App-%{+dd-MMM-yy}").glob());
    }

    @Test
    void fieldPartsMatchAnyValue() {
        IndexDates dates = IndexDates.of("%{[@metadata][beat]}-%{[fields][team]}-%{+YYYY.MM.dd}");
        assertEquals("*-*-*", dates.glob());
        assertEquals(Optional.of(days("2026-11-24", "2026-11-25")), dates.span("filebeat-pay-ments-2026.11.24"));
        assertEquals(Optional.of(days("2026-11-24", "2026-11-25")),
                dates.span("%{[@metadata][beat]}-x-2026.11.24"), "a missing field stays as written");
        assertEquals(Optional.empty(), dates.span("filebeat-2026.11.24"), "two dashes before the date");
        assertEquals("logs-*-*-x-*", IndexDates.of("logs-%{+YYYY.MM}-%{host}-x-%{+dd}").glob());
        assertEquals(Optional.of(days("2026-11-24", "2026-11-25")),
                IndexDates.of("logs-%{+YYYY.MM}-%{host}-x-%{+dd}").span("logs-2026.11-web-1-x-24"));
    }

    @Test
    void patternsWhoseNamesDoNotTellTheirDateAreRefusedWithTheReason() {
        assertRefused("logstash", "has no date");
        assertRefused("logs-%{type}", "has no date");
        assertRefused("logs-%{+%s}", "epoch-second");
        assertRefused("logs-%{{yyyy.MM.dd}}", "java.time date");
        assertRefused("logs-%{+MM.dd}", "needs a year");
        assertRefused("logs-%{+YYYY.MM.dd.HH}", "nothing finer than a day");
        assertRefused("logs-%{+YYYY.ww}", "cannot read that back");
    }

    private static void assertRefused(String pattern, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexDates.of(pattern));
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains(pattern), e.getMessage());
    }
}
