package io.logpipe.indexer.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutcomeTest {
    @Test
    void successAndConflictOnCreateAreDone() {
        for (int status : new int[] {200, 201, 202, 409}) {
            assertEquals(Outcome.DONE, Outcome.of(status), "status " + status);
        }
    }

    @Test
    void overloadAndServerErrorsAreRetried() {
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            assertEquals(Outcome.RETRY, Outcome.of(status), "status " + status);
        }
    }

    @Test
    void otherClientErrorsAreDeadLettered() {
        for (int status : new int[] {400, 403, 404, 405, 413, 422}) {
            assertEquals(Outcome.DEAD, Outcome.of(status), "status " + status);
        }
    }

    @Test
    void statusesElasticsearchDoesNotSendForItemsAreRetriedRatherThanLost() {
        assertEquals(Outcome.RETRY, Outcome.of(0));
        assertEquals(Outcome.RETRY, Outcome.of(302));
    }
}
