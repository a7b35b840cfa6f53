package io.rnn4j.data;

import java.util.Arrays;

/** A contiguous train/validation split: the first part trains, the rest validates, in order. */
public record TextSplit(int[] train, int[] validation) {

    /**
     * @param validationFraction share of the tokens, taken from the end, in [0, 1)
     */
    public static TextSplit contiguous(int[] tokens, double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int cut = (int) Math.round(tokens.length * (1 - validationFraction));
        return new TextSplit(Arrays.copyOfRange(tokens, 0, cut), Arrays.copyOfRange(tokens, cut, tokens.length));
    }
}
