package io.rnn4j.spark;

import java.io.Serializable;

/**
 * A row whose numeric input could not be read (a value that is not a number, an array where a
 * number belongs): carried to scoring, which refuses the row with the reason.
 */
record UnreadableInput(String reason) implements Serializable {

    @Override
    public String toString() {
        return "an unreadable input";
    }
}
