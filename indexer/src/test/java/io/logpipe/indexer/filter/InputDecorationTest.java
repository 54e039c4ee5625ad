package io.logpipe.indexer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The redis input's type, tags and add_field, applied ahead of the filters as Logstash's inputs apply them. */
class InputDecorationTest {

    @Test
    void typeOnlyWhereMissingTagsAddedFieldsSet() {
        InputDecoration decoration = InputDecoration.of(Optional.of("redis"), List.of("from_redis"),
                Map.of("[env][name]", "prod")).orElseThrow();
        Event fresh = FilterTesting.event("{\"message\":\"m\",\"tags\":[\"multiline\"]}");
        decoration.filter(fresh);
        assertEquals("redis", fresh.text(FieldRef.parse("type")));
        assertEquals("[\"multiline\",\"from_redis\"]", fresh.root().get("tags").toString());
        assertEquals("prod", fresh.text(FieldRef.parse("[env][name]")));

        Event typed = FilterTesting.event("{\"type\":\"app\"}");
        decoration.filter(typed);
        assertEquals("app", typed.text(FieldRef.parse("type")), "an event's own type wins");
    }

    @Test
    void nothingToAddMeansNoDecorationAndTheFastPathStays() {
        assertTrue(InputDecoration.of(Optional.empty(), List.of(), Map.of()).isEmpty());
    }

    @Test
    void itRunsAheadOfTheFilters() {
        FilterPipeline pipeline = FilterPipeline.empty().prepend("input_redis",
                InputDecoration.of(Optional.of("redis"), List.of(), Map.of()).orElseThrow());
        Event event = FilterTesting.event("{}");
        pipeline.run(event);
        assertEquals("redis", event.text(FieldRef.parse("type")));
        assertEquals("input_redis", pipeline.stats().get(0).id());
    }
}
