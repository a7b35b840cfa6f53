package io.rnn4j.forecast;

/**
 * The forecasting windows of one part of a split: look-back L steps, then horizon H steps to
 * predict. Window k's targets start at row {@code first + k}; its look-back is the L rows before
 * (which may lie in the part before). A part [a, b) has {@code b − a − H + 1} windows when
 * {@code a ≥ L}, fewer when the look-back would start before row 0.
 */
public record Windows(int lookback, int horizon, int first, int count) {

    public Windows {
        if (lookback < 1 || horizon < 1) {
            throw new IllegalArgumentException("windows need a look-back and a horizon >= 1, got " + lookback + " and " + horizon);
        }
    }

    /** The windows whose targets lie in rows [from, to). */
    public static Windows of(int lookback, int horizon, int from, int to, String where) {
        int first = Math.max(from, lookback);
        int count = to - horizon - first + 1;
        if (count < 1) {
            throw new IllegalArgumentException(where + ": rows " + from + ".." + (to - 1) + " hold no window of look-back " + lookback
                    + " and horizon " + horizon + " (" + (lookback + horizon) + " rows needed)");
        }
        return new Windows(lookback, horizon, first, count);
    }

    /** Row where window k's targets start. */
    public int targetStart(int k) {
        return first + k;
    }
}
