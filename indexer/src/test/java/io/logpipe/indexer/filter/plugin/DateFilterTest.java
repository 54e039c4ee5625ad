package io.logpipe.indexer.filter.plugin;

import static io.logpipe.indexer.filter.FilterTesting.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.common.lscl.Options;
import io.logpipe.indexer.filter.Event;
import io.logpipe.indexer.filter.FieldRef;
import io.logpipe.indexer.filter.FilterTesting;

/** Logstash's date filter, with the examples of its documentation and of the plugin's own behaviour. */
class DateFilterTest {
    private static final String BEFORE = "2030-01-01T00:00:00.000Z";

    /** Runs {@code date { <options> }} over {@code {"<field>": <json value>}} with a known {@code @timestamp}. */
    private static Event date(String options, String field, String jsonValue) {
        return FilterTesting.run("date { " + options + " }",
                "{\"@timestamp\":\"" + BEFORE + "\",\"" + field + "\":" + jsonValue + "}");
    }

    private static String timestamp(Event event) {
        return event.text(Event.TIMESTAMP);
    }

    private static Event dateAt(String now, String options, String eventJson) {
        Ast.Plugin plugin = (Ast.Plugin) LsclParser.parse("filter { date { " + options + " } }", "t.conf")
                .sections("filter").get(0).body().get(0);
        Options parsed = new Options(plugin, Path.of("."));
        DateFilter filter = new DateFilter(parsed, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
        parsed.finish();
        Event event = FilterTesting.event(eventJson);
        filter.filter(event);
        return event;
    }

    @Test
    void theApacheAccessLogTimeWithItsOffsetBecomesTheEventTimeInUtc() {
        Event event = date("match => [\"timestamp\", \"dd/MMM/yyyy:HH:mm:ss Z\"]", "timestamp",
                "\"10/Oct/2000:13:55:36 -0700\"");
        assertEquals("2000-10-10T20:55:36.000Z", timestamp(event));
        assertEquals("10/Oct/2000:13:55:36 -0700", event.text(FieldRef.parse("timestamp")), "the source stays");
        assertFalse(event.includes(Event.TAGS));
    }

    @Test
    void theSameTextReadTwiceOnOneThreadGivesTheSameTimeAndTwoFiltersDoNotShareWhatTheyRemember() {
        String body = "date { match => [\"t\", \"dd/MMM/yyyy:HH:mm:ss\"] }\n"
                + "date { match => [\"t\", \"dd/MMM/yyyy:HH:mm:ss\"] timezone => \"+02:00\" target => \"local\" }";
        var pipeline = FilterTesting.compile(body);
        for (int i = 0; i < 3; i++) {
            Event event = FilterTesting.event("{\"t\":\"10/Oct/2000:13:55:36\"}");
            pipeline.run(event);
            assertEquals("2000-10-10T13:55:36.000Z", timestamp(event));
            assertEquals("2000-10-10T11:55:36.000Z", event.text(FieldRef.parse("local")));
        }
        Event next = FilterTesting.event("{\"t\":\"10/Oct/2000:13:55:37\"}");
        pipeline.run(next);
        assertEquals("2000-10-10T13:55:37.000Z", timestamp(next));
    }

    @Test
    void theDocumentationsLogdateExampleIsReadInUtcWhenNoTimezoneIsGiven() {
        Event event = date("match => [ \"logdate\", \"MMM dd yyyy HH:mm:ss\" ]", "logdate", "\"Aug 13 2010 00:03:44\"");
        assertEquals("2010-08-13T00:03:44.000Z", timestamp(event));
    }

    @Test
    void theFirstOfSeveralFormatsThatFitsWins() {
        String match = "match => [ \"logdate\", \"MMM dd yyyy HH:mm:ss\", \"MMM  d yyyy HH:mm:ss\", \"ISO8601\" ]";
        assertEquals("2010-08-03T00:03:44.000Z", timestamp(date(match, "logdate", "\"Aug  3 2010 00:03:44\"")));
        assertEquals("2011-04-19T03:44:01.103Z", timestamp(date(match, "logdate", "\"2011-04-19T03:44:01.103Z\"")));
    }

    @Test
    void monthNamesAndLiteralsAreReadInAnyCaseAndInFullAsInJoda() {
        String match = "match => [\"t\", \"dd/MMM/yyyy:HH:mm:ss Z\"]";
        assertEquals("2000-10-10T20:55:36.000Z", timestamp(date(match, "t", "\"10/OCT/2000:13:55:36 -0700\"")));
        assertEquals("2000-10-10T20:55:36.000Z", timestamp(date(match, "t", "\"10/October/2000:13:55:36 -0700\"")));
        assertEquals("2013-04-21T10:15:30.000Z", timestamp(date("match => [\"t\", \"yyyy-MM-dd'T'HH:mm:ss\"]", "t",
                "\"2013-04-21t10:15:30\"")));
    }

    @Test
    void iso8601ReadsOffsetsFractionsAndLogstashsCasualSpaceForm() {
        String match = "match => [ \"mydate\", \"ISO8601\" ]";
        assertEquals("2001-01-01T08:00:00.000Z", timestamp(date(match, "mydate", "\"2001-01-01T00:00:00-0800\"")));
        assertEquals("2010-05-03T08:18:18.000Z", timestamp(date(match, "mydate", "\"2010-05-03T08:18:18+00:00\"")));
        assertEquals("2004-07-04T16:27:27.123Z", timestamp(date(match, "mydate", "\"2004-07-04T12:27:27.123-04:00\"")));
        assertEquals("2001-09-05T09:36:36.123Z", timestamp(date(match, "mydate", "\"2001-09-05T16:36:36.123+0700\"")));
        assertEquals("2001-12-07T23:54:54.123Z", timestamp(date(match, "mydate", "\"2001-12-07T23:54:54,123Z\"")));
        assertEquals("2001-12-07T23:54:54.123Z", timestamp(date(match, "mydate", "\"2001-12-07T23:54:54.123456789Z\"")));
        assertEquals("2001-12-07T23:54:00.000Z", timestamp(date(match, "mydate", "\"2001-12-07T23:54\"")));
        assertEquals("2013-01-01T00:00:00.000Z", timestamp(date(match, "mydate", "\"2013-01-01\"")));
        assertEquals("2001-11-06T20:45:45.123Z", timestamp(date(match, "mydate", "\"2001-11-06 20:45:45.123-0000\"")));
        assertEquals("2001-12-07T23:54:54.123Z", timestamp(date(match, "mydate", "\"2001-12-07 23:54:54,123Z\"")));
        assertEquals("2001-11-06T20:45:45.123Z", timestamp(date(match, "mydate", "\"2001-11-06 20:45:45.123\"")));
        // Logstash's casual form needs the fraction: without it the value is not ISO8601 to the plugin.
        assertTrue(date(match, "mydate", "\"2001-11-06 20:45:45\"").hasTag("_dateparsefailure"));
        assertTrue(date(match, "mydate", "\"2001-11-06T20:45:45 trailing\"").hasTag("_dateparsefailure"));
        assertTrue(date(match, "mydate", "\"2001-13-06T20:45:45Z\"").hasTag("_dateparsefailure"));
    }

    @Test
    void theTimezoneAppliesOnlyToTimesWithoutAnOffsetOfTheirOwn() {
        String options = "match => [\"mydate\", \"ISO8601\"] timezone => \"America/New_York\"";
        assertEquals("2013-11-24T06:29:01.000Z", timestamp(date(options, "mydate", "\"2013-11-24T01:29:01\"")));
        assertEquals("2013-06-24T05:29:01.000Z", timestamp(date(options, "mydate", "\"2013-06-24T01:29:01\"")));
        assertEquals("2013-06-24T01:29:01.000Z", timestamp(date(options, "mydate", "\"2013-06-24T01:29:01Z\"")));
        String pattern = "match => [\"mydate\", \"yyyy MMM dd HH:mm:ss\"] timezone => \"America/New_York\"";
        assertEquals("2013-11-24T06:29:01.000Z", timestamp(date(pattern, "mydate", "\"2013 Nov 24 01:29:01\"")));
        assertEquals("2013-06-24T05:29:01.000Z", timestamp(date(pattern, "mydate", "\"2013 Jun 24 01:29:01\"")));
        assertEquals("2013-06-24T00:29:01.000Z",
                timestamp(date("match => [\"d\", \"yyyy MMM dd HH:mm:ss\"] timezone => \"+01:00\"", "d",
                        "\"2013 Jun 24 01:29:01\"")));
    }

    @Test
    void aTimezoneTemplateIsReadFromEachEvent() {
        String options = "match => [\"mydate\", \"yyyy MMM dd HH:mm:ss\", \"UNIX\"] timezone => \"%{mytz}\"";
        Event losAngeles = FilterTesting.run("date { " + options + " }",
                "{\"mydate\":\"2013 Nov 24 01:29:01\",\"mytz\":\"America/Los_Angeles\"}");
        assertEquals("2013-11-24T09:29:01.000Z", timestamp(losAngeles));
        Event caracas = FilterTesting.run("date { match => [\"mydate\", \"ISO8601\"] timezone => \"%{mytz}\" }",
                "{\"mydate\":\"2007-12-09T10:00:00\",\"mytz\":\"America/Caracas\"}");
        assertEquals("2007-12-09T14:30:00.000Z", timestamp(caracas), "Caracas was at -04:30 then");

        Event unknown = FilterTesting.run("date { " + options + " }",
                "{\"mydate\":\"2013 Nov 24 01:29:01\",\"mytz\":\"Mars/Olympus\"}");
        assertTrue(unknown.hasTag("_dateparsefailure"));
        Event missing = FilterTesting.run("date { " + options + " }", "{\"mydate\":\"2013 Nov 24 01:29:01\"}");
        assertTrue(missing.hasTag("_dateparsefailure"));
        Event epoch = FilterTesting.run("date { " + options + " }", "{\"mydate\":\"1000000000\",\"mytz\":\"nowhere\"}");
        assertEquals("2001-09-09T01:46:40.000Z", timestamp(epoch), "UNIX needs no zone");
    }

    @Test
    void aLocalTimeThatDaylightSavingSkipsIsAFailureAsInJoda() {
        String options = "match => [\"message\", \"yyyy MMM dd HH:mm:ss\"] timezone => \"CET\"";
        assertEquals("2016-03-26T01:00:37.000Z", timestamp(date(options, "message", "\"2016 Mar 26 02:00:37\"")));
        assertEquals("2016-03-27T00:59:59.000Z", timestamp(date(options, "message", "\"2016 Mar 27 01:59:59\"")));
        Event skipped = date(options, "message", "\"2016 Mar 27 02:00:01\"");
        assertTrue(skipped.hasTag("_dateparsefailure"));
        assertEquals(BEFORE, timestamp(skipped));
    }

    @Test
    void unixReadsSecondsAsTextOrNumberWithUpToMillisecondPrecision() {
        String match = "match => [ \"mydate\", \"UNIX\" ]";
        assertEquals("2012-03-21T04:50:10.500Z", timestamp(date(match, "mydate", "\"1332305410.5\"")));
        assertEquals("2012-10-16T19:15:44.123Z", timestamp(date(match, "mydate", "\"1350414944.123456\"")));
        assertEquals("2012-10-16T19:15:44.123Z", timestamp(date(match, "mydate", "1350414944.123456")));
        assertEquals("2016-11-03T21:10:57.000Z", timestamp(date(match, "mydate", "1478207457")));
        assertEquals("1970-01-01T00:00:00.000Z", timestamp(date(match, "mydate", "\"0\"")));
        assertEquals("1969-12-31T23:59:58.500Z", timestamp(date(match, "mydate", "\"-1.5\"")));
        assertTrue(date(match, "mydate", "\"%{bad_value}\"").hasTag("_dateparsefailure"));
        assertTrue(date(match, "mydate", "\"1332305410.\"").hasTag("_dateparsefailure"));
        // Logstash refuses seconds past 2038 (Integer.MAX_VALUE): such a value is likely milliseconds.
        assertTrue(date(match, "mydate", "1000000000123").hasTag("_dateparsefailure"));
    }

    @Test
    void unixMillisReadsMillisecondsAndFollowsUnixInOneMatch() {
        assertEquals("2001-09-09T01:46:40.123Z",
                timestamp(date("match => [ \"mydate\", \"UNIX_MS\" ]", "mydate", "\"1000000000123\"")));
        assertEquals("1970-01-01T00:00:00.456Z", timestamp(date("match => [ \"mydate\", \"UNIX_MS\" ]", "mydate", "456")));
        String both = "match => [ \"mydate\", \"UNIX\", \"UNIX_MS\" ]";
        assertEquals("2001-09-09T01:46:40.123Z", timestamp(date(both, "mydate", "1000000000123")));
        assertEquals("2016-11-03T21:10:57.456Z", timestamp(date(both, "mydate", "\"1478207457.456\"")));
        assertTrue(date("match => [ \"mydate\", \"UNIX_MS\" ]", "mydate", "\"12.5s\"").hasTag("_dateparsefailure"));
    }

    @Test
    void tai64nIsReadWithOrWithoutTheAtSign() {
        String match = "match => [ \"t\", TAI64N ]";
        assertEquals("2012-12-22T01:00:46.767Z", timestamp(date(match, "t", "\"@4000000050d506482dbdf024\"")));
        assertEquals("2012-12-22T01:00:46.767Z", timestamp(date(match, "t", "\"4000000050d506482dbdf024\"")));
        assertTrue(date(match, "t", "\"@4000000050d50648\"").hasTag("_dateparsefailure"));
        assertTrue(date(match, "t", "\"@4000000050d506482dbdfxyz\"").hasTag("_dateparsefailure"));
    }

    @Test
    void anotherTargetGetsTheTimeAndTheEventTimeStays() {
        Event event = date("match => [\"logdate\", \"yyyy-MM-dd HH:mm:ss,SSS\"] target => \"[log][time]\"", "logdate",
                "\"2013-04-21 10:15:30,123\"");
        assertEquals("2013-04-21T10:15:30.123Z", event.text(FieldRef.parse("[log][time]")));
        assertEquals(BEFORE, timestamp(event));
    }

    @Test
    void aNestedSourceFieldIsRead() {
        Event event = FilterTesting.run("date { match => [ \"[data][deep]\", \"ISO8601\" ] }",
                "{\"data\":{\"deep\":\"2013-01-01T00:00:00.000Z\"}}");
        assertEquals("2013-01-01T00:00:00.000Z", timestamp(event));
    }

    @Test
    void aValueNoFormatReadsIsTaggedAndLeftAloneAndCommonOptionsAreNotApplied() {
        Event event = date("match => [ \"thedate\", \"yyyy/MM/dd\" ] add_tag => \"tagged\"", "thedate", "\"2013/Apr/21\"");
        assertTrue(event.hasTag("_dateparsefailure"));
        assertFalse(event.hasTag("tagged"));
        assertEquals("2013/Apr/21", event.text(FieldRef.parse("thedate")));
        assertEquals(BEFORE, timestamp(event));

        Event custom = date("match => [ \"thedate\", \"yyyy/MM/dd\" ] tag_on_failure => [\"date_failed\"]", "thedate",
                "\"2013/Apr/21\"");
        assertTrue(custom.hasTag("date_failed"));
        assertFalse(custom.hasTag("_dateparsefailure"));

        Event matched = date("match => [ \"thedate\", \"yyyy/MM/dd\" ] add_tag => \"tagged\"", "thedate", "\"2013/04/21\"");
        assertEquals("2013-04-21T00:00:00.000Z", timestamp(matched));
        assertTrue(matched.hasTag("tagged"));
    }

    @Test
    void aMissingOrNullFieldIsNoMatchAndNoFailure() {
        Event missing = FilterTesting.run("date { match => [\"logdate\", \"ISO8601\"] add_tag => \"tagged\" }", "{}");
        assertFalse(missing.includes(Event.TAGS));
        Event nul = date("match => [\"logdate\", \"ISO8601\"]", "logdate", "null");
        assertFalse(nul.includes(Event.TAGS));
        assertEquals(BEFORE, timestamp(nul));
    }

    @Test
    void anArrayOrObjectOrBooleanValueIsAFailureAsInLogstash() {
        String match = "match => [\"logdate\", \"ISO8601\", \"UNIX\"]";
        assertTrue(date(match, "logdate", "[\"2013-01-01T00:00:00Z\"]").hasTag("_dateparsefailure"));
        assertTrue(date(match, "logdate", "{\"a\":1}").hasTag("_dateparsefailure"));
        assertTrue(date(match, "logdate", "true").hasTag("_dateparsefailure"));
    }

    @Test
    void jodaLettersForTwelveHourClocksTwoDigitYearsDaysOfYearAndFractions() {
        assertEquals("2013-04-21T13:15:30.000Z", timestamp(date("match => [\"t\", \"MM/dd/yyyy hh:mm:ss a\"]", "t",
                "\"04/21/2013 01:15:30 PM\"")));
        assertEquals("2013-04-21T00:15:30.000Z", timestamp(date("match => [\"t\", \"MM/dd/yyyy hh:mm:ss aa\"]", "t",
                "\"04/21/2013 12:15:30 am\"")));
        assertEquals("2013-11-24T00:00:00.000Z", timestamp(date("match => [\"t\", \"dd/MM/yy\"]", "t", "\"24/11/13\"")));
        assertEquals("1987-11-24T00:00:00.000Z", timestamp(date("match => [\"t\", \"dd/MM/yy\"]", "t", "\"24/11/87\"")));
        assertEquals("2013-11-24T00:00:00.000Z", timestamp(date("match => [\"t\", \"dd/MM/yy\"]", "t", "\"24/11/2013\"")),
                "Joda reads a longer year as written");
        assertEquals("2013-11-24T00:00:00.000Z", timestamp(date("match => [\"t\", \"yyMMdd\"]", "t", "\"131124\"")));
        assertEquals("2013-04-21T00:00:00.000Z", timestamp(date("match => [\"t\", \"yyyyMMdd\"]", "t", "\"20130421\"")));
        assertEquals("2013-02-01T00:00:00.000Z", timestamp(date("match => [\"t\", \"yyyy-DDD\"]", "t", "\"2013-032\"")));
        assertEquals("2013-04-21T10:15:30.120Z", timestamp(date("match => [\"t\", \"yyyy-MM-dd'T'HH:mm:ss.SSSZZ\"]", "t",
                "\"2013-04-21T12:15:30.12+02:00\"")));
        assertEquals("2013-04-21T10:15:30.000Z", timestamp(date("match => [\"t\", \"yyyy-MM-dd HH:mm:ss ZZZ\"]", "t",
                "\"2013-04-21 12:15:30 Europe/Paris\"")));
        assertEquals("2013-04-21T10:15:30.000Z", timestamp(date("match => [\"t\", \"EEE MMM d HH:mm:ss yyyy\"]", "t",
                "\"Sun Apr 21 10:15:30 2013\"")));
    }

    @Test
    void theLocaleNamesTheLanguageOfMonthNames() {
        String german = "match => [\"t\", \"dd. MMMM yyyy\"] locale => \"de\"";
        assertEquals("2016-03-01T00:00:00.000Z", timestamp(date(german, "t", "\"01. März 2016\"")));
        assertTrue(date("match => [\"t\", \"dd. MMMM yyyy\"]", "t", "\"01. März 2016\"").hasTag("_dateparsefailure"),
                "English by default");
        assertEquals("2016-03-01T00:00:00.000Z",
                timestamp(date("match => [\"t\", \"dd MMM yyyy\"] locale => \"en_US\"", "t", "\"01 Mar 2016\"")));
        assertEquals("2016-03-01T00:00:00.000Z",
                timestamp(date("match => [\"t\", \"dd MMMM yyyy\"] locale => \"fil\"", "t", "\"01 Marso 2016\"")),
                "a language with a three-letter code");
    }

    @Test
    void aPatternWithoutAYearTakesThisYear() {
        Event event = dateAt("2026-06-15T12:00:00Z", "match => [\"mydate\", \"MMM dd HH:mm:ss Z\"]",
                "{\"mydate\":\"Nov 24 01:29:01 -0800\"}");
        assertEquals("2026-11-24T09:29:01.000Z", timestamp(event));
        Event syslog = dateAt("2026-06-15T12:00:00Z", "match => [\"message\", \"EEE MMM dd HH:mm:ss\"]",
                "{\"message\":\"Sun Jun 02 20:38:03\"}");
        assertEquals("2026-06-02T20:38:03.000Z", timestamp(syslog), "the day of the week is not checked");
    }

    @Test
    void decemberReadInJanuaryIsLastYearAndJanuaryReadInDecemberNextYear() {
        String match = "match => [\"message\", \"MMM dd HH:mm:ss\"] timezone => \"UTC\"";
        assertEquals("2013-12-31T23:59:00.000Z",
                timestamp(dateAt("2014-01-01T00:30:50Z", match, "{\"message\":\"Dec 31 23:59:00\"}")));
        assertEquals("2014-01-01T01:00:00.000Z",
                timestamp(dateAt("2013-12-31T23:59:50Z", match, "{\"message\":\"Jan 01 01:00:00\"}")));
        assertEquals(2013, DateFormats.guessYear(12, LocalDate.of(2014, 1, 1)));
        assertEquals(2014, DateFormats.guessYear(1, LocalDate.of(2013, 12, 31)));
        assertEquals(2014, DateFormats.guessYear(11, LocalDate.of(2014, 1, 1)));
    }

    @Test
    void theTwentyNinthOfFebruaryWithoutAYearIsReadOnlyInALeapYear() {
        String match = "match => [\"message\", \"MMM dd HH:mm:ss\"]";
        assertEquals("2028-02-29T10:00:00.000Z",
                timestamp(dateAt("2028-03-01T00:00:00Z", match, "{\"message\":\"Feb 29 10:00:00\"}")));
        assertTrue(dateAt("2027-03-01T00:00:00Z", match, "{\"message\":\"Feb 29 10:00:00\"}")
                .hasTag("_dateparsefailure"));
    }

    @Test
    void aMatchWithoutAFormatIsRefusedAtTheMatchOption() {
        ConfigException e = refused("date {\n  match => [\"logdate\"]\n}");
        assertEquals(3, e.location().line());
        assertEquals(12, e.location().column());
        assertTrue(e.reason().contains("at least one format"), e.reason());
        ConfigException none = refused("date { target => \"t\" }");
        assertTrue(none.reason().contains("at least one format"), none.reason());
    }

    @Test
    void anUnknownTimezoneIsRefusedWhereItIsWritten() {
        ConfigException e = refused("date {\n  match => [\"logdate\", \"ISO8601\"]\n  timezone => \"Mars/Olympus\"\n}");
        assertEquals(4, e.location().line());
        assertEquals(15, e.location().column());
        assertTrue(e.reason().contains("Mars/Olympus"), e.reason());
        assertTrue(refused("date { match => [\"d\", \"ISO8601\"] timezone => \"%{tz\" }").reason().contains("%{"));
    }

    @Test
    void aPatternLetterJodaCannotReadIsRefusedAtThatFormat() {
        ConfigException e = refused("date {\n  match => [\"logdate\", \"ISO8601\", \"yyyy-MM-dd qq\"]\n}");
        assertEquals(3, e.location().line());
        assertEquals(35, e.location().column());
        assertTrue(e.reason().contains("'q'"), e.reason());
        ConfigException zoneName = refused("date { match => [\"logdate\", \"yyyy-MM-dd HH:mm:ss z\"] }");
        assertTrue(zoneName.reason().contains("zone names"), zoneName.reason());
        assertTrue(refused("date { match => [\"logdate\", \"CC\"] }").reason().contains("'C'"));
    }

    @Test
    void anUnknownLocaleOrABadFieldReferenceIsRefused() {
        assertTrue(refused("date { match => [\"d\", \"MMM\"] locale => \"klingon\" }").reason().contains("klingon"));
        assertTrue(refused("date { match => [\"[d\", \"ISO8601\"] }").reason().contains("[d"));
        assertTrue(refused("date { match => [\"d\", \"ISO8601\"] target => \"[a\" }").reason().contains("[a"));
    }
}
