package io.rnn4j.spark;

/**
 * What scoring made of one row: the values of the new columns, or why there are none.
 *
 * @param values the new columns' values (null entries allowed), or null when the row failed
 * @param reason why the row has no result (null input, too long, a character the model does not
 *               know, ...), or null when it has one
 * @param bad    whether the reason is bad input, which {@link Scorer.OnError#FAIL} stops the job for
 *               (a row too short to score is not: its result is null and the job goes on)
 */
record RowOutcome(Object[] values, String reason, boolean bad) {

    static RowOutcome of(Object... values) {
        return new RowOutcome(values, null, false);
    }

    static RowOutcome refused(String reason) {
        return new RowOutcome(null, reason, true);
    }

    static RowOutcome empty(String reason) {
        return new RowOutcome(null, reason, false);
    }
}
